using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace ModelGateway.Logging;

/// <summary>
/// What every console logger reads per line, replaced as a whole when <c>Logging:Console</c> changes.
/// <see cref="JsonLines"/> is set when the formatter is the framework's JSON formatter, without scopes, writing UTF-8:
/// then lines of an <see cref="IJsonLogState"/> are written by it instead of the formatter.
/// </summary>
internal sealed record ConsoleLogSettings(ConsoleFormatter Formatter, LogLevel StandardErrorThreshold, Encoding Encoding, JsonLogLineWriter? JsonLines);
