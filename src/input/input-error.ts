/**
 * Input that cannot be read at all (a missing file, a directory, a binary file, a CSV without
 * the named column). The CLI exits 2 with the message, which is one line and names the input.
 * Problems with single entries are never InputErrors: they become invalid targets.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
