namespace ModelGateway.Transforms;
internal static class AssemblyMarker { }
