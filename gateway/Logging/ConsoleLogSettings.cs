using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace ModelGateway.Logging;

/// <summary>What every console logger reads per line, replaced as a whole when <c>Logging:Console</c> changes.</summary>
internal sealed record ConsoleLogSettings(ConsoleFormatter Formatter, LogLevel StandardErrorThreshold, Encoding Encoding);
