import { Fact, FactList } from "@/components/ui/fact-list";
import type { JsonObject } from "@/lib/jobs";

/** "fileName" → "File name", "size_bytes" → "Size bytes". */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/**
 * A job's metadata as readable key/value pairs. Nested values (an error with
 * its context…) fall back to formatted JSON, which is still readable and
 * never loses anything.
 */
export function MetadataList({ metadata }: { metadata: JsonObject }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <p className="text-sm text-slate-600">Nothing recorded.</p>;
  return (
    <FactList>
      {entries.map(([key, value]) => (
        <Fact key={key} label={humanize(key)}>
          {value !== null && typeof value === "object" ? (
            <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-words">
              {JSON.stringify(value, null, 2)}
            </pre>
          ) : value === null ? (
            <span className="text-slate-500">none</span>
          ) : (
            <span className="break-words">{String(value)}</span>
          )}
        </Fact>
      ))}
    </FactList>
  );
}
