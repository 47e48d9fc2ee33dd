using System.Globalization;

namespace KpiFunctions.Reports.Text;

/// <summary>
/// Where a line may break: after spaces, between CJK characters (not before closing or after opening punctuation),
/// and between Thai words as ICU finds them. A small part of UAX #14, enough for the report's labels and texts.
/// </summary>
internal static class LineBreaker
{
    private const string NoLineStart = "、。，．：；？！）」』】〉》〕］｝%‰℃’”…・ー々ぁぃぅぇぉっゃゅょ,.:;!?)]}";
    private const string NoLineEnd = "（「『【〈《〔［｛‘“([{";

    /// <summary>The indices of <paramref name="text"/>, in order, where a new line may start.</summary>
    public static List<int> Opportunities(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new SortedSet<int>();
        for (var i = 1; i < text.Length; i++)
        {
            var prev = text[i - 1];
            var cur = text[i];
            if (char.IsLowSurrogate(cur) || IsMark(cur))
            {
                continue;
            }

            if (IsSpace(prev) && !IsSpace(cur))
            {
                result.Add(i);
            }
            else if (!IsSpace(prev) && !IsSpace(cur) && (IsCjk(prev) || IsCjk(cur)) &&
                !NoLineStart.Contains(cur, StringComparison.Ordinal) && !NoLineEnd.Contains(prev, StringComparison.Ordinal))
            {
                result.Add(i);
            }
        }

        AddThaiWords(text, result);
        return [.. result];
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\u200B';

    private static void AddThaiWords(string text, SortedSet<int> result)
    {
        for (var start = 0; start < text.Length;)
        {
            if (!IsThai(text[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < text.Length && IsThai(text[end]))
            {
                end++;
            }

            foreach (var b in IcuWordBreaker.Boundaries(text.AsSpan(start, end - start)))
            {
                result.Add(start + b);
            }

            start = end;
        }
    }

    private static bool IsThai(char c) => c is >= '\u0E00' and <= '\u0E7F';

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\uAC00' and <= '\uD7AF' ||
        char.IsHighSurrogate(c) || char.IsLowSurrogate(c);
}
