using Microsoft.Extensions.FileProviders;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Serves the front-desk web client (src/Salon.Desk/wwwroot, copied next to the binaries) at /desk. Static files only:
/// the client reads and changes everything through the public API, like any other client.
/// </summary>
public static class Desk
{
    public const string Path = "/desk";

    public static void UseDesk(this WebApplication app)
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "desk");
        if (!Directory.Exists(folder))
            return;
        var files = new PhysicalFileProvider(folder);
        // "/desk" without the slash would resolve the modules' relative URLs against "/".
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(Path + "/" + context.Request.QueryString);
                return;
            }
            await next();
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            // Modules change with the API; the browser asks again (304 when unchanged) instead of running stale code.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
