namespace ModelGateway.Hosting;

public static class ServiceDecorationExtensions
{
    /// <summary>
    /// Wraps the registered <typeparamref name="TService"/> in <typeparamref name="TDecorator"/> (which takes the inner
    /// service in its constructor). Each call wraps the previous result, so the last registered decorator runs first.
    /// </summary>
    public static IServiceCollection Decorate<TService, TDecorator>(this IServiceCollection services)
        where TService : class
        where TDecorator : class, TService
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService)) { index = i; break; }
        }
        if (index < 0) throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated with {typeof(TDecorator).Name}");
        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService),
            sp => ActivatorUtilities.CreateInstance<TDecorator>(sp, Resolve(sp, inner)),
            inner.Lifetime);
        return services;
    }

    static object Resolve(IServiceProvider sp, ServiceDescriptor descriptor)
        => descriptor.ImplementationInstance
           ?? descriptor.ImplementationFactory?.Invoke(sp)
           ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}
