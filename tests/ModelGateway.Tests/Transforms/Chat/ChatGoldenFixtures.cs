namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Golden fixtures F1–F10 and F14 of shared/docs/openai-ollama-mapping.md §12, verbatim.</summary>
internal static class ChatGoldenFixtures
{
    public const string F1Request = """
        {"model":"llama3.2","messages":[{"role":"developer","content":"Answer in French."},{"role":"user","content":"Hello"}],"temperature":0.2,"top_p":0.9,"max_completion_tokens":64,"stop":"\n\n","seed":42,"presence_penalty":0.5,"frequency_penalty":0.25,"user":"u-123"}
        """;
    public const string F1Native = """
        {"model":"llama3.2","messages":[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hello"}],"stream":false,"options":{"temperature":0.2,"top_p":0.9,"num_predict":64,"stop":["\n\n"],"seed":42,"presence_penalty":0.5,"frequency_penalty":0.25}}
        """;
    public const string F1NativeResponse = """
        {"model":"llama3.2","created_at":"2024-12-06T00:46:58.265747Z","message":{"role":"assistant","content":"Bonjour !"},"done":true,"done_reason":"stop","total_duration":2254970291,"load_duration":574751416,"prompt_eval_count":34,"prompt_eval_duration":1502000000,"eval_count":4,"eval_duration":175000000}
        """;
    public const string F1Response = """
        {"id":"<ID>","object":"chat.completion","created":1733446018,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour !","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":34,"completion_tokens":4,"total_tokens":38}}
        """;

    public const string F2Request = """
        {"model":"llama3.2","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hi"}],"stream":true,"stream_options":{"include_usage":true}}
        """;
    public const string F2Native = """
        {"model":"llama3.2","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hi"}],"stream":true}
        """;
    public const string F2NativeStream = """
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"Hi"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.223456Z","message":{"role":"assistant","content":" there!"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.323456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":300000000,"load_duration":1000000,"prompt_eval_count":18,"prompt_eval_duration":50000000,"eval_count":3,"eval_duration":40000000}
        """;
    public const string F2Sse = """
        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"content":" there!"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":18,"completion_tokens":3,"total_tokens":21}}

        data: [DONE]
        """;

    public const string F3Request = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Weather in Paris?"}],"stream":true,"tool_choice":"auto","tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
        """;
    public const string F3Native = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Weather in Paris?"}],"stream":true,"tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
        """;
    public const string F3NativeStream = """
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3xq9a2b","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":false}
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}
        """;
    public const string F3Sse = """
        data: {"id":"<ID>","object":"chat.completion.chunk","created":1751919739,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_k3xq9a2b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1751919739,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

        data: [DONE]
        """;
    public const string F3NativeResponse = """
        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3xq9a2b","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}
        """;
    public const string F3Response = """
        {"id":"<ID>","object":"chat.completion","created":1751919739,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_k3xq9a2b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":169,"completion_tokens":15,"total_tokens":184}}
        """;

    public const string F4NativeStream = """
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"index":1,"name":"get_time","arguments":{"tz":"Europe/Paris"}}}]},"done":false}
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.223456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":200000000,"load_duration":1000000,"prompt_eval_count":120,"prompt_eval_duration":30000000,"eval_count":30,"eval_duration":90000000}
        """;
    public const string F4Sse = """
        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"<CALLID>","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"index":1,"id":"<CALLID>","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"Europe/Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

        data: [DONE]
        """;

    public const string F5Request = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_k3xq9a2b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_k3xq9a2b","content":"18°C, clear"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
        """;
    public const string F5Native = """
        {"model":"llama3.2","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"","tool_calls":[{"id":"call_k3xq9a2b","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},{"role":"tool","content":"18°C, clear","tool_name":"get_weather","tool_call_id":"call_k3xq9a2b"}],"stream":false,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
        """;
    public const string F5NativeResponse = """
        {"model":"llama3.2","created_at":"2025-07-07T20:43:37.688511Z","message":{"role":"assistant","content":"It is 18°C and clear in Paris."},"done":true,"done_reason":"stop","total_duration":890771750,"load_duration":707634750,"prompt_eval_count":94,"prompt_eval_duration":91703208,"eval_count":11,"eval_duration":90282125}
        """;
    public const string F5Response = """
        {"id":"<ID>","object":"chat.completion","created":1751921017,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"It is 18°C and clear in Paris.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":94,"completion_tokens":11,"total_tokens":105}}
        """;

    public const string F6Request = """
        {"model":"llava","messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],"max_tokens":300}
        """;
    public const string F6Native = """
        {"model":"llava","messages":[{"role":"user","content":"What is in this picture?","images":["iVBORw0KGgo="]}],"stream":false,"options":{"num_predict":300}}
        """;

    public const string F7Request = """
        {"model":"llama3.1","messages":[{"role":"user","content":"Ollama is 22 years old and busy saving the world. Return JSON."}],"response_format":{"type":"json_schema","json_schema":{"name":"status","strict":true,"schema":{"type":"object","properties":{"age":{"type":"integer"},"available":{"type":"boolean"}},"required":["age","available"]}}}}
        """;
    public const string F7Native = """
        {"model":"llama3.1","messages":[{"role":"user","content":"Ollama is 22 years old and busy saving the world. Return JSON."}],"stream":false,"format":{"type":"object","properties":{"age":{"type":"integer"},"available":{"type":"boolean"}},"required":["age","available"]}}
        """;

    public const string F9Request = """
        {"model":"qwen3","messages":[{"role":"user","content":"What is 17*23?"}],"stream":true,"reasoning_effort":"high"}
        """;
    public const string F9Native = """
        {"model":"qwen3","messages":[{"role":"user","content":"What is 17*23?"}],"stream":true,"think":"high"}
        """;
    public const string F9NativeStream = """
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"","thinking":"17*23 = 391."},"done":false}
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.223456Z","message":{"role":"assistant","content":"391"},"done":false}
        {"model":"qwen3","created_at":"2025-01-15T10:00:00.323456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":400000000,"load_duration":1000000,"prompt_eval_count":15,"prompt_eval_duration":20000000,"eval_count":12,"eval_duration":300000000}
        """;
    public const string F9Sse = """
        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","reasoning":"17*23 = 391."},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"content":"391"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

        data: [DONE]
        """;

    public const string F10Logprobs = """
        {"content":[{"token":"Hi","logprob":-0.01,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.01,"bytes":[72,105]},{"token":"Hello","logprob":-4.2,"bytes":[72,101,108,108,111]}]}],"refusal":null}
        """;

    public const string F14dNativeStream = """
        {"model":"llama3.2","created_at":"2025-01-15T10:00:00.123456Z","message":{"role":"assistant","content":"Hel"},"done":false}
        {"error":"an error was encountered while running the model"}
        """;
    public const string F14dSse = """
        data: {"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"logprobs":null,"finish_reason":null}]}

        data: {"error":{"message":"an error was encountered while running the model","type":"server_error","param":null,"code":null}}
        """;
}
