using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ImpactOS.Web.Tests.Infrastructure;

/// <summary>A PostgreSQL cluster of a test's own, which it may stop abruptly (test.sh's shared
/// cluster must stay up for the other tests).</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "impactos-pg-" + Guid.NewGuid().ToString("N")[..8]);

    private PostgresCluster(string bin, int port)
    {
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).Last();
        var cluster = new PostgresCluster(bin, FreePort());
        Directory.CreateDirectory(cluster._directory);
        await cluster.AsPostgresAsync($"'{bin}/initdb' -D '{cluster._directory}/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
        await cluster.StartAgainAsync();
        return cluster;
    }

    public Task StartAgainAsync() =>
        AsPostgresAsync($"'{_bin}/pg_ctl' -D '{_directory}/data' -l '{_directory}/server.log' -w -t 30 -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1\" start");

    /// <summary>Stops the server at once, like a crash: no checkpoint, crash recovery at the next start.</summary>
    public Task StopImmediatelyAsync() => AsPostgresAsync($"'{_bin}/pg_ctl' -D '{_directory}/data' -m immediate stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopImmediatelyAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs a shell command as the postgres user (the server refuses to run as root).</summary>
    private async Task AsPostgresAsync(string command)
    {
        if (Environment.UserName == "root")
        {
            await Run("chown", "-R", "postgres", _directory);
            await Run("su", "postgres", "-s", "/bin/sh", "-c", command);
        }
        else
        {
            await Run("/bin/sh", "-c", command);
        }
    }

    private static async Task Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The application as a separate process (dotnet ImpactOS.Web.dll), so a test can kill it
/// with SIGKILL and start it again, or start it exactly as a person does.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _assembly;
    private readonly string _workingDirectory;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>The copy of the app in the test's output folder, Production environment, test-speed
    /// password hashing and no login throttling.</summary>
    public AppProcess(IDictionary<string, string> environment)
        : this(AppContext.BaseDirectory, AppContext.BaseDirectory, new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ImpactOS__Auth__PasswordHashIterations"] = "1000",
            ["ImpactOS__Auth__LoginsPerAddressPerMinute"] = "100000",
        })
    {
    }

    private AppProcess(string binDirectory, string workingDirectory, Dictionary<string, string> environment)
    {
        Port = PostgresCluster.FreePort();
        _assembly = Path.Combine(binDirectory, "ImpactOS.Web.dll");
        _workingDirectory = workingDirectory;
        _environment = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The app as <c>dotnet run --project src/ImpactOS.Web</c> starts it: the web project's own
    /// build output, the project folder as working directory, no environment named (so Production),
    /// nothing test-only. Only the port, the data folder and the demo password are chosen.</summary>
    public static AppProcess AsTheReadmeStartsIt(string dataDir, string demoPassword)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var project = Path.Combine(RepositoryPaths.Root, "src", "ImpactOS.Web");
        return new AppProcess(Path.Combine(project, "bin", configuration, "net10.0"), project, new Dictionary<string, string>
        {
            ["ImpactOS__DataDir"] = dataDir,
            ["ImpactOS__DemoPassword"] = demoPassword,
        });
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What the app has printed so far (standard output and error).</summary>
    public string Output => string.Join('\n', _output);

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", $"\"{_assembly}\"")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Whatever the test runner's environment names, the app decides for itself (Production).
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/healthz/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The app did not start within a minute.");
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed that was not already durable.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}

/// <summary>Where the repository is, found from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ImpactOS.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ImpactOS.slnx not found above " + AppContext.BaseDirectory);
    }
}
