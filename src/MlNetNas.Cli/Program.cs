return await MlNetNas.Cli.CliApp.RunAsync(args);
