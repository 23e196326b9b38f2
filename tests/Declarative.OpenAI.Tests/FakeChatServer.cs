using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Declarative.OpenAI.Tests;

/// <summary>One request as the server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonElement.Parse(Body);
}

/// <summary>One canned answer.</summary>
public sealed class CannedResponse
{
    public int Status { get; init; } = 200;

    public string ContentType { get; init; } = "application/json";

    public string Body { get; init; } = "";

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Waits this long before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Waits this long before each event of <see cref="Events"/>.</summary>
    public TimeSpan EventDelay { get; init; }

    /// <summary>When set, the body is sent as these server-sent events, flushed one by one.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>When set, the server sends this many of <see cref="Events"/> and then nothing more until it is disposed.</summary>
    public int? StallAfterEvents { get; init; }

    public static CannedResponse Json(string body, int status = 200, params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Body = body,
        Headers = headers.ToDictionary(h => h.Name, h => h.Value),
    };

    public static CannedResponse Error(int status, string message, string type = "invalid_request_error", string? code = null, params (string Name, string Value)[] headers) =>
        Json(JsonSerializer.Serialize(new { error = new { message, type, code, param = (string?)null } }), status, headers);

    public static CannedResponse Text(string text, string finishReason = "stop") => Json("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"test-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":%TEXT%},"finish_reason":"%FINISH%"}],
         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
        """.Replace("%TEXT%", JsonSerializer.Serialize(text)).Replace("%FINISH%", finishReason));

    /// <summary>An SSE stream: each chunk becomes <c>data: {chunk}</c>, then <c>data: [DONE]</c>.</summary>
    public static CannedResponse Stream(params string[] chunks) => new()
    {
        ContentType = "text/event-stream",
        Events = [.. chunks.Select(c => $"data: {c}\n\n"), "data: [DONE]\n\n"],
    };
}

/// <summary>
/// A Chat Completions server on 127.0.0.1 for tests: records every request and answers from a queue of canned
/// responses (a 500 with an explanation when the queue is empty).
/// </summary>
public sealed class FakeChatServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<CannedResponse> _responses = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeChatServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Port = port;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public FakeChatServer Enqueue(params CannedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }
        return this;
    }

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            _requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body));

            if (!_responses.TryDequeue(out var canned))
            {
                canned = CannedResponse.Error(500, "FakeChatServer: no canned response left", "server_error");
            }
            if (canned.Delay > TimeSpan.Zero)
            {
                await Task.Delay(canned.Delay, _stop.Token).ConfigureAwait(false);
            }
            var response = context.Response;
            response.StatusCode = canned.Status;
            response.ContentType = canned.ContentType;
            foreach (var (name, value) in canned.Headers)
            {
                response.Headers[name] = value;
            }

            if (canned.Events is { } events)
            {
                response.SendChunked = true;
                var sent = 0;
                foreach (var @event in events)
                {
                    if (sent++ == canned.StallAfterEvents)
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, _stop.Token).ConfigureAwait(false);
                    }
                    if (canned.EventDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(canned.EventDelay, _stop.Token).ConfigureAwait(false);
                    }
                    var bytes = Encoding.UTF8.GetBytes(@event);
                    await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                    await response.OutputStream.FlushAsync(_stop.Token).ConfigureAwait(false);
                }
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(canned.Body);
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            }
            response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client went away (a cancelled test); nothing to answer.
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>
/// A raw TCP server whose first <c>drops</c> connections are reset as soon as a request arrives (no response at all);
/// later ones get <c>body</c> as a 200 JSON response.
/// </summary>
public sealed class DroppingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public DroppingServer(int drops, string body)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                var number = Interlocked.Increment(ref _connections);
                _ = Task.Run(() => ServeAsync(socket, number <= drops, body));
            }
        });
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public int Connections => Volatile.Read(ref _connections);

    private static async Task ServeAsync(Socket socket, bool drop, string body)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[65536];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                if (drop)
                {
                    socket.LingerState = new LingerOption(true, 0); // reset, not a graceful close
                    return;
                }
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
                await socket.SendAsync(bytes, SocketFlags.None);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
