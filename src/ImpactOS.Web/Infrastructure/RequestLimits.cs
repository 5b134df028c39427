using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Bounds on what a request may carry: 1 MB bodies unless a route says otherwise (uploads,
/// imports), JSON nested at most 32 deep. Oversized bodies answer 413 problem details.</summary>
public static class RequestLimits
{
    public const long DefaultBodyBytes = 1024 * 1024;
    public const int MaxJsonDepth = 32;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = DefaultBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.MaxDepth = MaxJsonDepth);
        return builder;
    }

    /// <summary>Lets a route accept a larger body than the default.</summary>
    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    /// <summary>Applies a route's own body size limit before anything reads the body.</summary>
    public static IApplicationBuilder UseEndpointBodySizeLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is not null && feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit.MaxRequestBodySize;
            }

            return next(context);
        });
}
