if (args is ["--generators-interleaved", .. var rest])
{
    return Declarative.Benchmarks.GeneratorInterleaved.Run(rest);
}
if (args is ["--generators-ide-edit", .. var editArgs])
{
    return Declarative.Benchmarks.GeneratorIdeEdit.Run(editArgs);
}
if (args is ["--dispatch-interleaved", .. var dispatchArgs])
{
    return Declarative.Benchmarks.DispatchInterleaved.Run(dispatchArgs);
}
if (args is ["--dispatch-phases", .. var phaseArgs])
{
    return Declarative.Benchmarks.DispatchPhases.Run(phaseArgs);
}
if (args is ["--dispatch-profile", .. var profileArgs])
{
    return Declarative.Benchmarks.DispatchPhases.Profile(profileArgs);
}
if (args is ["--agent-loop-interleaved", .. var loopArgs])
{
    return Declarative.Benchmarks.AgentLoopInterleaved.Run(loopArgs);
}
if (args is ["--orchestration-interleaved", .. var orchestrationArgs])
{
    return Declarative.Benchmarks.OrchestrationInterleaved.Run(orchestrationArgs);
}
if (args is ["--reflection-interleaved", .. var reflectionArgs])
{
    return Declarative.Benchmarks.ReflectionInterleaved.Run(reflectionArgs);
}
if (args is ["--agent-loop-streaming-interleaved", .. var streamingArgs])
{
    return Declarative.Benchmarks.AgentLoopStreamingInterleaved.Run(streamingArgs);
}
if (args is ["--plan-schema-interleaved", .. var planSchemaArgs])
{
    return Declarative.Benchmarks.PlanSchemaInterleaved.Run(planSchemaArgs);
}
if (args is ["--eval-interleaved", .. var evalArgs])
{
    return Declarative.Benchmarks.EvalInterleaved.Run(evalArgs);
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
