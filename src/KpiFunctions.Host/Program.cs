using KpiFunctions.App;
using KpiFunctions.Host.Hosting;

// The content root is the app's own folder, wherever it is started from: appsettings.json and host.json are there.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
