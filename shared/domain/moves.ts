// A state machine as data: for each status, the statuses it may move to. The domain's tables
// (grant, position, instalment, and the application as it follows its grant) are of this type,
// and the store builds every status condition it writes from them (`sourcesOf`), so a move the
// domain forbids cannot be written, and a move it allows needs no list of its own anywhere.

export type MoveTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canMove<S extends string>(table: MoveTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** Every status from which the table allows a move to `to`, in the table's order. */
export function sourcesOf<S extends string>(table: MoveTable<S>, to: S): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].includes(to));
}

/** The statuses nothing moves on from. */
export function finalStatuses<S extends string>(table: MoveTable<S>): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].length === 0);
}
