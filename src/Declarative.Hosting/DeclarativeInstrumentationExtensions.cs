using Declarative;

namespace OpenTelemetry.Trace
{
    /// <summary>Adds Declarative's activities to an OpenTelemetry tracer provider.</summary>
    public static class DeclarativeTracerProviderBuilderExtensions
    {
        /// <summary>Listens to the <c>Declarative</c> activity source: <c>invoke_agent</c>, <c>chat</c> and <c>execute_tool</c> spans.</summary>
        /// <param name="builder">The tracer provider builder.</param>
        public static TracerProviderBuilder AddDeclarativeInstrumentation(this TracerProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder.AddSource(DeclarativeTelemetry.SourceName);
        }
    }
}

namespace OpenTelemetry.Metrics
{
    /// <summary>Adds Declarative's metrics to an OpenTelemetry meter provider.</summary>
    public static class DeclarativeMeterProviderBuilderExtensions
    {
        /// <summary>Listens to the <c>Declarative</c> meter: <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c>.</summary>
        /// <param name="builder">The meter provider builder.</param>
        public static MeterProviderBuilder AddDeclarativeInstrumentation(this MeterProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder.AddMeter(DeclarativeTelemetry.SourceName);
        }
    }
}
