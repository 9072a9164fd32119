using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Completions;

/// <summary>Native non-streamed <c>/api/generate</c> body → OpenAI <c>text_completion</c>.</summary>
public static class CompletionResponseTranslator
{
    /// <param name="model">The model name the reply carries; the one the client asked for when null.</param>
    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, CompletionRequest request, IBufferWriter<byte> output, string? model = null) =>
        Translate(nativeJson, model ?? request.Model, request.Logprobs is not null, output);

    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, string model, bool includeLogprobs,
        IBufferWriter<byte> output, string? id = null)
    {
        if (!NativeLineReader.TryRead(nativeJson, TransformsJsonContext.Default.OllamaGenerateResponse, out var native))
            return ResponseTranslation.Failure("the worker sent a response that is not valid JSON");
        if (native!.Error is { } error)
            return ResponseTranslation.Failure(error);

        var usage = new UsageCounts(native.PromptEvalCount ?? 0, native.EvalCount ?? 0);
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("id"u8, id ?? OpenAIIds.NewCompletionId());
        writer.WriteString("object"u8, "text_completion"u8);
        writer.WriteNumber("created"u8, OllamaTimestamp.ToUnixSecondsOrNow(native.CreatedAt));
        writer.WriteString("model"u8, model);
        writer.WriteString("system_fingerprint"u8, "fp_ollama"u8);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, native.Response ?? "");
        writer.WriteNumber("index"u8, 0);
        var offset = 0;
        LegacyLogprobsWriter.Write(writer, includeLogprobs ? native.Logprobs : null, ref offset);
        writer.WriteString("finish_reason"u8, FinishReason.FromNative(native.DoneReason, sawToolCall: false));
        writer.WriteEndObject();
        writer.WriteEndArray();
        UsageWriter.Write(writer, usage);
        writer.WriteEndObject();
        writer.Flush();
        return ResponseTranslation.Success(usage);
    }
}
