using KpiFunctions.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddKpiFunctions();
}
catch (StartupException e)
{
    Console.Error.WriteLine($"KpiFunctions cannot start: {e.Message}");
    return 2;
}

var app = builder.Build();
app.MapKpiFunctions();
app.Run();
return 0;
