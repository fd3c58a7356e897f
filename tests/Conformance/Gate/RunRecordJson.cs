using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace OnnxTyped.Conformance;

/// <summary>
/// Reads and writes <c>expected-totals.json</c>: one key per folder, and in each the counts and the
/// result of every test, sorted by ordinal name so that a re-recorded file differs only where a result did:
/// <code>
/// {
///   "node": {
///     "tests": 2,
///     "typed": 1,
///     "torch-free": 1,
///     "raw": 2,
///     "results": {
///       "test_abs": "typed torch-free raw",
///       "test_cast_STRING_to_FLOAT": "raw"
///     }
///   }
/// }
/// </code>
/// Reading is strict, because a key the gate skipped would be a check that silently does not happen:
/// an unknown, missing or repeated key, or counts that disagree with the results, make the file invalid. A file from
/// before the torch-free column has no <c>torch-free</c> key and is refused like any other missing key, with a
/// message that says to re-record it.
/// </summary>
internal static class RunRecordJson
{
    private const string TestsKey = "tests";
    private const string TypedKey = PassedColumns.TypedName;
    private const string TorchFreeKey = PassedColumns.TorchFreeName;
    private const string RawKey = PassedColumns.RawName;
    private const string ResultsKey = "results";
    private static readonly string[] FolderKeys = { TestsKey, TypedKey, TorchFreeKey, RawKey, ResultsKey };

    public static string Write(RunRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            foreach ((string folder, FolderRecord results) in record.Folders)
            {
                json.WriteStartObject(folder);
                json.WriteNumber(TestsKey, results.Tests);
                json.WriteNumber(TypedKey, results.TypedPassed);
                json.WriteNumber(TorchFreeKey, results.TorchFreePassed);
                json.WriteNumber(RawKey, results.RawPassed);
                json.WriteStartObject(ResultsKey);
                foreach ((string test, PassedColumns passed) in results.Results) json.WriteString(test, passed.Text);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <exception cref="InvalidDataException">The text is not a valid record; the message says where.</exception>
    public static RunRecord Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("not valid JSON: " + e.Message, e);
        }
        using (document)
        {
            var folders = new List<KeyValuePair<string, FolderRecord>>();
            foreach (JsonProperty folder in UniqueProperties(document.RootElement, "the file"))
                folders.Add(KeyValuePair.Create(folder.Name, ParseFolder(folder.Name, folder.Value)));
            return new RunRecord(folders);
        }
    }

    private static FolderRecord ParseFolder(string folder, JsonElement element)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in UniqueProperties(element, $"'{folder}'"))
        {
            if (Array.IndexOf(FolderKeys, property.Name) < 0)
                throw new InvalidDataException($"'{folder}' has the unknown key '{property.Name}' (the keys are {string.Join(", ", FolderKeys)})");
            values.Add(property.Name, property.Value);
        }
        foreach (string key in FolderKeys)
            if (!values.ContainsKey(key))
                throw new InvalidDataException($"'{folder}' has no '{key}'" +
                                               (key == TorchFreeKey ? " (a record from before the torch-free column: re-record it with --record-totals)" : ""));

        var results = new List<KeyValuePair<string, PassedColumns>>();
        foreach (JsonProperty test in UniqueProperties(values[ResultsKey], $"'{folder}.{ResultsKey}'"))
        {
            if (test.Value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"'{folder}.{ResultsKey}.{test.Name}' is not a string");
            try
            {
                results.Add(KeyValuePair.Create(test.Name, PassedColumns.Parse(test.Value.GetString()!)));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"'{folder}.{ResultsKey}.{test.Name}': {e.Message}", e);
            }
        }
        var record = new FolderRecord(results);

        // The counts are there for the reader; they must say what the results say, or one of them was edited by hand.
        CheckCount(folder, TestsKey, values[TestsKey], record.Tests, "tests");
        CheckCount(folder, TypedKey, values[TypedKey], record.TypedPassed, "typed passes");
        CheckCount(folder, TorchFreeKey, values[TorchFreeKey], record.TorchFreePassed, "torch-free passes");
        CheckCount(folder, RawKey, values[RawKey], record.RawPassed, "raw passes");
        return record;
    }

    private static void CheckCount(string folder, string key, JsonElement value, int counted, string what)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int recorded))
            throw new InvalidDataException($"'{folder}.{key}' is not a whole number");
        if (recorded != counted)
            throw new InvalidDataException($"'{folder}.{key}' is {recorded}, but its {ResultsKey} list {counted} {what}");
    }

    /// <summary>The properties of an object; JSON allows a repeated key, which would hide one of the two values.</summary>
    private static IEnumerable<JsonProperty> UniqueProperties(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where} is not a JSON object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw new InvalidDataException($"{where} has the key '{property.Name}' twice");
            yield return property;
        }
    }
}
