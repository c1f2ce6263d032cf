using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNetNas.Onnx;

/// <summary>
/// Runs an in-memory ONNX model in ONNX Runtime on the CPU. Used for parity checks between
/// what was trained and what was exported, so it favours plain arrays over speed.
/// </summary>
internal sealed class OnnxModelRunner : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;

    /// <param name="model">ONNX model bytes, for example from <see cref="OnnxGraphBuilder.ToBytes"/>.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; one by default because tests and trials share few cores.</param>
    public OnnxModelRunner(byte[] model, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 0);
        options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        try
        {
            session = new InferenceSession(model, options);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> InputNames => session.InputNames;

    public IReadOnlyList<string> OutputNames => session.OutputNames;

    /// <summary>Feeds one float input and returns one float output, flattened row-major.</summary>
    public float[] Run(string inputName, float[] data, long[] shape, string outputName)
    {
        var results = RunTensors(new Dictionary<string, (Array, long[])> { [inputName] = (data, shape) }, [outputName]);
        var output = results[outputName].Data;
        return output as float[]
            ?? throw new InvalidOperationException(
                $"Output '{outputName}' holds {output.GetType().GetElementType()?.Name} values, not float.");
    }

    /// <summary>Feeds float inputs and returns every model output as a flat array (float[], long[], string[], bool[] …).</summary>
    public IReadOnlyDictionary<string, Array> Run(IReadOnlyDictionary<string, (float[] data, long[] shape)> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var results = RunTensors(inputs.ToDictionary(kv => kv.Key, kv => ((Array)kv.Value.data, kv.Value.shape)));
        return results.ToDictionary(kv => kv.Key, kv => kv.Value.Data);
    }

    /// <summary>
    /// Feeds inputs of any supported element type (float[], long[], int[], double[], bool[], string[])
    /// and returns the requested outputs (all when null) with their shapes.
    /// </summary>
    public IReadOnlyDictionary<string, (Array Data, long[] Shape)> RunTensors(
        IReadOnlyDictionary<string, (Array data, long[] shape)> inputs,
        IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var wanted = outputNames ?? session.OutputNames;
        var ortInputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, (data, shape)) in inputs)
            {
                ortInputs[name] = CreateValue(name, data, shape);
            }

            using var runOptions = new RunOptions();
            using var ortOutputs = session.Run(runOptions, ortInputs, wanted);
            var results = new Dictionary<string, (Array, long[])>(StringComparer.Ordinal);
            var k = 0;
            foreach (var value in ortOutputs)
            {
                var name = wanted[k++];
                results[name] = ReadValue(name, value);
            }

            return results;
        }
        finally
        {
            foreach (var value in ortInputs.Values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
    }

    private static OrtValue CreateValue(string name, Array data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            count = checked(count * d);
        }

        if (shape.Any(d => d < 0) || count != data.Length)
        {
            throw new ArgumentException(
                $"Input '{name}' has {data.Length} values but shape [{string.Join(", ", shape)}] needs {count}.", nameof(shape));
        }

        switch (data)
        {
            case float[] f:
                return OrtValue.CreateTensorValueFromMemory(f, shape);
            case long[] l:
                return OrtValue.CreateTensorValueFromMemory(l, shape);
            case int[] i:
                return OrtValue.CreateTensorValueFromMemory(i, shape);
            case double[] d:
                return OrtValue.CreateTensorValueFromMemory(d, shape);
            case bool[] b:
                return OrtValue.CreateTensorValueFromMemory(b, shape);
            case string[] s:
                var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
                for (var k = 0; k < s.Length; k++)
                {
                    value.StringTensorSetElementAt(s[k].AsSpan(), k);
                }

                return value;
            default:
                throw new ArgumentException(
                    $"Input '{name}' is a {data.GetType().Name}; expected float[], long[], int[], double[], bool[] or string[].", nameof(data));
        }
    }

    private static (Array Data, long[] Shape) ReadValue(string name, OrtValue value)
    {
        if (value.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            throw new InvalidOperationException($"Output '{name}' is a {value.OnnxType}, not a tensor.");
        }

        var info = value.GetTensorTypeAndShape();
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.String => value.GetStringTensorAsArray(),
            var other => throw new InvalidOperationException($"Output '{name}' has element type {other}, which the runner does not read."),
        };
        return (data, info.Shape);
    }
}
