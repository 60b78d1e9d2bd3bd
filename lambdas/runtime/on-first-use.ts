/**
 * A value built on the first call and shared by every later one: for an adapter whose module (and
 * the SDK client it imports) should load only on the paths that send something, not during every
 * cold start. A failed build is not kept, so the next call tries again.
 */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
