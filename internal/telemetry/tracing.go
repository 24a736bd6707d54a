package telemetry

import (
	"context"
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// OTLPTracing returns a tracer provider that sends spans in batches over
// OTLP/HTTP; its Shutdown sends what is left. The exporter reads
// the standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, TLS,
// timeout) and the provider OTEL_TRACES_SAMPLER and its argument; the
// service is named cchc unless OTEL_SERVICE_NAME or
// OTEL_RESOURCE_ATTRIBUTES say otherwise.
//
// Failures to send (a collector down) are logged to log, not to standard
// error in the SDK's own format.
func OTLPTracing(ctx context.Context, log *slog.Logger) (*sdktrace.TracerProvider, error) {
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing", "err", err) }))
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("the OTLP trace exporter: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName("cchc")),
		resource.WithFromEnv(), // after: the variables win
		resource.WithHost(),
		resource.WithProcessPID())
	if err != nil {
		return nil, fmt.Errorf("the tracing resource: %w", err)
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}
