namespace MlNetNas.Benchmarks.NasBench201;

/// <summary>The data sets NAS-Bench-201 trained every cell on.</summary>
public enum NasBench201Dataset
{
    /// <summary>CIFAR-10.</summary>
    Cifar10,

    /// <summary>CIFAR-100.</summary>
    Cifar100,

    /// <summary>ImageNet16-120: 120 classes of ImageNet at 16×16 pixels.</summary>
    ImageNet16_120,
}
