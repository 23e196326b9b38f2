using Declarative;

namespace Consumer.Diagnostics;

// Compiled only by run.sh's "diagnostics" build (-p:ProveDiagnostics=true), which must fail:
// a tool without a description (DCL0009) and a parameter without one (DCL0010) are warnings, and
// warnings are errors here. It proves the package's analyzers reach a consumer.
public sealed partial class Undescribed
{
    [Tool]
    public int Twice(int value) => value * 2;
}
