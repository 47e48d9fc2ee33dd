using KpiFunctions.FakePlatforms;

// The fake as its own process: dotnet KpiFunctions.FakePlatforms.dll --urls http://127.0.0.1:PORT [--FakeMeta:AcceptAnyToken=true]
await FakeMeta.Create(args, null).RunAsync();
