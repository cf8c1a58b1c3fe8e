/** Shared cli-table3 look: no rule between body rows (short tables read better without). */
export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
