namespace OllamaSim.Requests;

public enum CompletionKind { Chat, Generate }
