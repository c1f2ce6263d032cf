using TorchSharp;
MlNetNas.Training.TorchSharpRuntime.EnsureLoadable();
var x = torch.randn(3, 4);
var lin = torch.nn.Linear(4, 2);
Console.WriteLine(lin.forward(x).sum().item<float>());
