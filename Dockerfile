# ModelGateway: build with the .NET 10 SDK, run on the ASP.NET Core runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets ModelGateway.sln appsettings.json ./
COPY gateway/ModelGateway.csproj gateway/
COPY transforms/ModelGateway.Transforms.csproj transforms/
RUN dotnet restore gateway/ModelGateway.csproj
COPY gateway/ gateway/
COPY transforms/ transforms/
RUN dotnet publish gateway/ModelGateway.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# Mount the folder holding the fleet file here (or set MODELGATEWAY_CONFIG); edits are picked up while running.
# ASPNETCORE_URLS applies only when the fleet file has no "Urls" (a Urls there wins, so keep it on 0.0.0.0).
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    MODELGATEWAY_CONFIG=/etc/modelgateway/gateway.json \
    DOTNET_gcServer=0 \
    DOTNET_TC_CallCountingDelayMs=10
COPY config/fleet.example.json /etc/modelgateway/gateway.json
EXPOSE 8080
USER app
# Probes for the orchestrator: GET /healthz (process alive) and GET /readyz (can serve); the runtime image has no curl.
# On `docker stop` (SIGTERM) replies in flight get Gateway:ShutdownTimeout (30 s) to finish: stop with `-t 40`, or set
# the orchestrator's grace period to at least that plus 10 s (docs/configuration.md).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "ModelGateway.dll"]
