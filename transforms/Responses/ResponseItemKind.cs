namespace ModelGateway.Transforms.Responses;

/// <summary>The output item types a worker's answer becomes.</summary>
internal enum ResponseItemKind
{
    /// <summary>The model's thinking (native <c>thinking</c>), as <c>reasoning_text</c> content.</summary>
    Reasoning,
    /// <summary>The assistant's text, one <c>output_text</c> part.</summary>
    Message,
    FunctionCall,
}
