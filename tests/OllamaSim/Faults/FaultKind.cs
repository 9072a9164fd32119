namespace OllamaSim.Faults;

public enum FaultKind { None, Fail, Hang, Drop }
