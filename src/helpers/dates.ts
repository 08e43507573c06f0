/**
 * Dates at the source's precision, and what a date range means for them.
 *
 * The data keeps every date at the precision its source gives: `xsd:gYear` (`2017`), `xsd:gYearMonth`
 * (`2024-09`), `xsd:date` (`2024-09-29`), or `xsd:dateTime` (`2024-09-29T00:00:00-04:00`). **Such a date
 * denotes the interval of days it covers**: `2017` is 2017-01-01 … 2017-12-31, `2024-09` is 2024-09-01 …
 * 2024-09-30, a day is itself, and a date-time is the day of its (local) date. A date is *within* a range
 * `from … to` (both inclusive days) when its interval **overlaps** the range: `2024-09` is within a range
 * starting 2024-09-01 or ending 2024-09-15, and not within one ending 2024-08-31.
 *
 * This is written once, here, as a SPARQL fragment ({@link dateInterval}, {@link dateWithin}) that every
 * helper filtering by date uses (`timeline`), and that the competency questions spell the same way
 * (`queries/cq13-actions-in-2017.rq`). Range bounds come from `dateParam` (`query/terms.ts`), which turns
 * `YYYY`/`YYYY-MM` bounds into their first day (`from`) or last day (`to`).
 * @module
 */

/** A SPARQL variable name (letters, digits, `_`), without the `?`. */
type VarName = string;

const VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
function v(name: VarName): string {
  if (!VAR.test(name)) throw new TypeError(`not a SPARQL variable name: ${name}`);
  return `?${name}`;
}

/**
 * SPARQL `BIND`s giving the first and last day (`YYYY-MM-DD` strings) of the interval a date denotes.
 * `date` holds the date; `start` and `end` are bound; `day` is a scratch variable. Month ends are written
 * `-31` for every month: the value is only ever compared as a string with real calendar days, where
 * `2024-09-31` sorts after every day of September and before every day of October.
 */
export function dateInterval(date: VarName, start: VarName, end: VarName, day: VarName = `${date}_day`): string {
  const d = v(day);
  return [
    `BIND(SUBSTR(STR(${v(date)}), 1, 10) AS ${d})`,
    `BIND(IF(STRLEN(${d}) = 4, CONCAT(${d}, "-01-01"), IF(STRLEN(${d}) = 7, CONCAT(${d}, "-01"), ${d})) AS ${v(start)})`,
    `BIND(IF(STRLEN(${d}) = 4, CONCAT(${d}, "-12-31"), IF(STRLEN(${d}) = 7, CONCAT(${d}, "-31"), ${d})) AS ${v(end)})`,
  ].join('\n  ');
}

/**
 * A SPARQL fragment keeping the solutions whose `date` overlaps the range `from … to` (variables bound to
 * `xsd:date` days, inclusive; see `dateParam`): the date's interval ({@link dateInterval}) ends on or after
 * `from` and starts on or before `to`.
 */
export function dateWithin(date: VarName, from: VarName, to: VarName): string {
  const start = `${date}_start`, end = `${date}_end`;
  return `${dateInterval(date, start, end)}\n  FILTER(${v(end)} >= STR(${v(from)}) && ${v(start)} <= STR(${v(to)}))`;
}
