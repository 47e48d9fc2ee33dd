using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KpiFunctions.Host.OpenApi;

/// <summary>
/// Makes the schemas say what the answers really hold, so that real answers validate against them: a property written
/// only when it has a value (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>) is not required; a nullable property
/// allows null; enums are strings; a <see cref="DateTime"/> is a wall-clock time without an offset (instants are
/// <see cref="DateTimeOffset"/>); extension data allows other members. Properties of bodies the handlers check as text
/// take their format and values from <c>[DataType]</c> and <c>[AllowedValues]</c>. A metric row lists the catalog's metrics.
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    private const string LocalDateTimePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v?.GetValueKind() == JsonValueKind.String))
        {
            schema.Type = JsonSchemaType.String;
        }

        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTime))
        {
            schema.Format = null;
            schema.Pattern = LocalDateTimePattern;
        }

        // An object's schema, whether it stands alone or is the schema of a property holding the object.
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            DescribeObject(schema, context.JsonTypeInfo);
        }

        if (type == typeof(MetricRow))
        {
            DescribeMetricRow(schema);
        }

        return Task.CompletedTask;
    }

    private static void DescribeObject(OpenApiSchema schema, JsonTypeInfo info)
    {
        // A nullable object's schema is oneOf null and the object.
        foreach (var inner in schema.OneOf?.OfType<OpenApiSchema>().Where(s => s.Properties is not null) ?? [])
        {
            DescribeObject(inner, info);
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in info.Properties)
        {
            if (property.IsExtensionData)
            {
                schema.AdditionalProperties = new OpenApiSchema();
                continue;
            }

            // System.Text.Json sets ShouldSerialize for properties written only under a condition.
            if (property.ShouldSerialize is not null)
            {
                schema.Required?.Remove(property.Name);
            }

            if (schema.Properties is null || !schema.Properties.TryGetValue(property.Name, out var propertySchema) || property.AttributeProvider is not PropertyInfo clr)
            {
                continue;
            }

            if (!clr.PropertyType.IsValueType && nullability.Create(clr).ReadState == NullabilityState.Nullable && !AllowsNull(propertySchema))
            {
                schema.Properties[property.Name] = propertySchema is OpenApiSchema { Type: { } t } inline && inline.Metadata?.ContainsKey("x-schema-id") != true
                    ? Also(inline, t | JsonSchemaType.Null)
                    : new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, propertySchema] };
            }

            if (schema.Properties[property.Name] is OpenApiSchema text)
            {
                foreach (var attribute in clr.GetCustomAttributes())
                {
                    if (attribute is DataTypeAttribute { DataType: DataType.Date })
                    {
                        text.Format = "date";
                    }
                    else if (attribute is AllowedValuesAttribute allowed)
                    {
                        text.Enum = [.. allowed.Values.OfType<string>().Select(v => (JsonNode)JsonValue.Create(v))];
                        if (text.Type is { } t && t.HasFlag(JsonSchemaType.Null))
                        {
                            // null is not one of the values: allow it beside them.
                            text.Type = t & ~JsonSchemaType.Null;
                            schema.Properties[property.Name] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, text] };
                        }
                    }
                }
            }
        }
    }

    // The row's fields beside its key are the catalog's metrics, counts whole; any other field is refused.
    private static void DescribeMetricRow(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        if (schema.Properties.TryGetValue("platform", out var p) && p is OpenApiSchema platform)
        {
            platform.Enum = [.. Platforms.All.Select(p => (JsonNode)JsonValue.Create(p))];
        }

        if (schema.Properties.TryGetValue("accountId", out var a) && a is OpenApiSchema account)
        {
            account.Pattern = "^[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}$";
        }

        foreach (var metric in MetricCatalog.All)
        {
            schema.Properties[metric.Name] = new OpenApiSchema
            {
                Type = (metric.AllowsFraction ? JsonSchemaType.Number : JsonSchemaType.Integer) | JsonSchemaType.Null,
                Minimum = "0",
                Maximum = MetricDefinition.MaxValue.ToString("0", CultureInfo.InvariantCulture),
                Description = metric.Kind == MetricKind.Level ? "A level at the end of the day." : null,
            };
        }

        schema.AdditionalPropertiesAllowed = false;
    }

    private static bool AllowsNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true || schema.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true;

    private static OpenApiSchema Also(OpenApiSchema schema, JsonSchemaType type)
    {
        schema.Type = type;
        return schema;
    }
}
