namespace ModelGateway.Tests.Transforms.Responses;

/// <summary>
/// Golden request/response pairs for the Responses API (docs/openai-compatibility.md, "Responses"): a Responses body,
/// the native /api/chat body it becomes, the worker's answer, and the Response object or SSE events it becomes.
/// Placeholders: <c>&lt;ID:resp_&gt;</c>, <c>&lt;ID:msg_&gt;</c>, ... stand for generated ids (one value each).
/// </summary>
internal static class ResponsesGoldenFixtures
{
    // R1: text input, instructions, sampling, bookkeeping fields; the whole answer.
    public const string R1Request = """
        {"model":"llama3.2","instructions":"Answer in French.","input":"Hello","temperature":0.2,"top_p":0.9,"max_output_tokens":64,"user":"u-1","metadata":{"topic":"greeting"},"store":false,"truncation":"disabled","service_tier":"auto"}
        """;
    public const string R1Native = """
        {"model":"llama3.2","messages":[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hello"}],"stream":false,"options":{"temperature":0.2,"top_p":0.9,"num_predict":64}}
        """;
    public const string R1NativeResponse = """
        {"model":"llama3.2","created_at":"2024-12-06T00:46:58.265747Z","message":{"role":"assistant","content":"Bonjour !"},"done":true,"done_reason":"stop","total_duration":2254970291,"load_duration":574751416,"prompt_eval_count":34,"prompt_eval_duration":1502000000,"eval_count":4,"eval_duration":175000000}
        """;
    public const string R1Response = """
        {"id":"<ID:resp_>","object":"response","created_at":1733446018,"status":"completed","background":false,"completed_at":1733446018,"error":null,"incomplete_details":null,"instructions":"Answer in French.","max_output_tokens":64,"model":"llama3.2","output":[{"id":"<ID:msg_>","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Bonjour !","annotations":[],"logprobs":[]}]}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":false,"temperature":0.2,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":0.9,"truncation":"disabled","usage":{"input_tokens":34,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":4,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":38},"user":"u-1","metadata":{"topic":"greeting"}}
        """;

    // R2: a streamed text answer: OpenAI's event sequence, numbered from 0.
    public const string R2Request = """
        {"model":"llama3.2","input":[{"role":"user","content":"Say hi"}],"stream":true}
        """;
    public const string R2Native = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Say hi"}],"stream":true}
        """;
    public const string R2NativeStream = """
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"Hi"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.223456Z","message":{"role":"assistant","content":" there!"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-15T10:00:01.323456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":300000000,"load_duration":1000000,"prompt_eval_count":18,"prompt_eval_duration":50000000,"eval_count":3,"eval_duration":40000000}
        """;
    const string R2InProgress = """
        {"id":"<ID:resp_>","object":"response","created_at":1736935200,"status":"in_progress","background":false,"completed_at":null,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"llama3.2","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":null,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","metadata":{}}
        """;
    public const string R2Sse = $$$$"""
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{{{{R2InProgress}}}}}

        event: response.in_progress
        data: {"type":"response.in_progress","sequence_number":1,"response":{{{{R2InProgress}}}}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"<ID:msg_>","type":"message","status":"in_progress","role":"assistant","content":[]}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":3,"item_id":"<ID:msg_>","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"<ID:msg_>","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"<ID:msg_>","output_index":0,"content_index":0,"delta":" there!","logprobs":[]}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":6,"item_id":"<ID:msg_>","output_index":0,"content_index":0,"text":"Hi there!","logprobs":[]}

        event: response.content_part.done
        data: {"type":"response.content_part.done","sequence_number":7,"item_id":"<ID:msg_>","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there!","annotations":[],"logprobs":[]}}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":{"id":"<ID:msg_>","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there!","annotations":[],"logprobs":[]}]}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":9,"response":{"id":"<ID:resp_>","object":"response","created_at":1736935200,"status":"completed","background":false,"completed_at":1736935201,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"llama3.2","output":[{"id":"<ID:msg_>","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there!","annotations":[],"logprobs":[]}]}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":null,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","usage":{"input_tokens":18,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":21},"metadata":{}}}
        """;

    // R3: a flat function tool, a named tool_choice and parallel_tool_calls false; the worker calls it (streamed).
    public const string R3Request = """
        {"model":"llama3.2","input":"Weather in Paris?","stream":true,"parallel_tool_calls":false,"tool_choice":{"type":"function","name":"get_weather"},"tools":[{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true},{"type":"function","name":"get_time","parameters":{"type":"object","properties":{}}}]}
        """;
    public const string R3Native = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Weather in Paris?"}],"stream":true,"tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
        """;
    public const string R3NativeStream = """
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3xq9a2b","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},{"id":"call_second","function":{"index":1,"name":"get_weather","arguments":{"city":"Lyon"}}}]},"done":false}
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}
        """;
    /// <summary>The events after response.created and response.in_progress: one call (parallel_tool_calls false), then completed.</summary>
    public const string R3SseAfterStart = """
        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"<ID:fc_>","type":"function_call","status":"in_progress","call_id":"call_k3xq9a2b","name":"get_weather","arguments":""}}

        event: response.function_call_arguments.delta
        data: {"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"<ID:fc_>","output_index":0,"delta":"{\"city\":\"Paris\"}"}

        event: response.function_call_arguments.done
        data: {"type":"response.function_call_arguments.done","sequence_number":4,"item_id":"<ID:fc_>","output_index":0,"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":5,"output_index":0,"item":{"id":"<ID:fc_>","type":"function_call","status":"completed","call_id":"call_k3xq9a2b","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":6,"response":{"id":"<ID:resp_>","object":"response","created_at":1751919739,"status":"completed","background":false,"completed_at":1751919739,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"llama3.2","output":[{"id":"<ID:fc_>","type":"function_call","status":"completed","call_id":"call_k3xq9a2b","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}],"parallel_tool_calls":false,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":null,"text":{"format":{"type":"text"}},"tool_choice":{"type":"function","name":"get_weather"},"tools":[{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true},{"type":"function","name":"get_time","description":null,"parameters":{"type":"object","properties":{}},"strict":null}],"top_p":null,"truncation":"disabled","usage":{"input_tokens":169,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":15,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":184},"metadata":{}}}
        """;
    /// <summary>The same worker answer unstreamed, with both calls (parallel calls allowed) and text before them.</summary>
    public const string R3NativeResponse = """
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_k3xq9a2b","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"index":1,"name":"get_weather","arguments":{"city":"Lyon"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":169,"eval_count":15}
        """;
    public const string R3ResponseOutput = """
        [{"id":"<ID:msg_>","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking.","annotations":[],"logprobs":[]}]},{"id":"<ID:fc_#1>","type":"function_call","status":"completed","call_id":"call_k3xq9a2b","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"id":"<ID:fc_#2>","type":"function_call","status":"completed","call_id":"<ID:call_>","name":"get_weather","arguments":"{\"city\":\"Lyon\"}"}]
        """;

    // R4: input items: a developer message, text and an image, an earlier assistant turn with a call and its output.
    public const string R4Request = """
        {"model":"llava","input":[{"role":"developer","content":"Be terse."},{"type":"message","role":"user","content":[{"type":"input_text","text":"What is this?"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}]},{"type":"reasoning","id":"rs_1","summary":[],"content":[{"type":"reasoning_text","text":"An image; look it up."}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me check.","annotations":[]}]},{"type":"function_call","id":"fc_1","call_id":"call_1","name":"lookup","arguments":"{\"q\":\"png\"}"},{"type":"function_call","call_id":"call_2","name":"lookup","arguments":""},{"type":"function_call_output","call_id":"call_1","output":"a pixel"},{"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"nothing"}]}]}
        """;
    public const string R4Native = """
        {"model":"llava","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"What is this?","images":["iVBORw0KGgo="]},{"role":"assistant","content":"Let me check.","thinking":"An image; look it up.","tool_calls":[{"id":"call_1","function":{"name":"lookup","arguments":{"q":"png"}}},{"id":"call_2","function":{"name":"lookup","arguments":{}}}]},{"role":"tool","content":"a pixel","tool_name":"lookup","tool_call_id":"call_1"},{"role":"tool","content":"nothing","tool_name":"lookup","tool_call_id":"call_2"}],"stream":false}
        """;

    // R5: structured output and reasoning effort.
    public const string R5Request = """
        {"model":"qwen3","input":"Ollama is 22 years old","reasoning":{"effort":"high","summary":"auto"},"text":{"format":{"type":"json_schema","name":"person","strict":true,"schema":{"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}},"verbosity":"low"}}
        """;
    public const string R5Native = """
        {"model":"qwen3","messages":[{"role":"user","content":"Ollama is 22 years old"}],"stream":false,"format":{"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]},"think":"high"}
        """;

    // R6: a thinking model cut short by max_output_tokens while answering (streamed).
    public const string R6Request = """
        {"model":"qwen3","input":"What is 17*23?","stream":true,"max_output_tokens":5}
        """;
    public const string R6NativeStream = """
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"","thinking":"17*23"},"done":false}
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.223456Z","message":{"role":"assistant","content":"","thinking":" = 391."},"done":false}
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.323456Z","message":{"role":"assistant","content":"It is"},"done":false}
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.423456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":12,"eval_count":5}
        """;
    public static readonly string[] R6EventTypes =
    [
        "response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta", "response.reasoning_text.delta",
        "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.incomplete",
    ];
    public const string R6FinalOutput = """
        [{"id":"<ID:rs_>","type":"reasoning","status":"completed","summary":[],"content":[{"type":"reasoning_text","text":"17*23 = 391."}]},{"id":"<ID:msg_>","type":"message","status":"incomplete","role":"assistant","content":[{"type":"output_text","text":"It is","annotations":[],"logprobs":[]}]}]
        """;
}
