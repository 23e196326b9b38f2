if (args is ["--generators-interleaved", .. var rest])
{
    return Declarative.Benchmarks.GeneratorInterleaved.Run(rest);
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
