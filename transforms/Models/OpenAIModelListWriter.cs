using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Models;

/// <summary>Writes <c>{"object":"list","data":[...]}</c> (never <c>null</c> data) and single Model objects.</summary>
public static class OpenAIModelListWriter
{
    public static void WriteList(IEnumerable<OpenAIModel> models, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list"u8);
        writer.WriteStartArray("data"u8);
        foreach (var model in models)
            WriteModel(writer, model);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteModel(OpenAIModel model, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        WriteModel(writer, model);
    }

    static void WriteModel(Utf8JsonWriter writer, OpenAIModel model)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, model.Id);
        writer.WriteString("object"u8, "model"u8);
        writer.WriteNumber("created"u8, model.Created);
        writer.WriteString("owned_by"u8, model.OwnedBy);
        writer.WriteEndObject();
    }
}
