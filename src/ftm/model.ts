/**
 * The pinned FollowTheMoney model (`@opensanctions/followthemoney`, exact version in package.json), used
 * as the schema oracle: schema and property existence, property types, ranges, maximum lengths and the
 * country and topic vocabularies.
 * @module
 */
import { Model, defaultModel } from '@opensanctions/followthemoney';

/** The FtM model version the export is validated against (must equal the installed package). */
export const FTM_MODEL_VERSION = '4.5.2';

let model: Model | undefined;

/** The FtM model (built once). */
export function ftmModel(): Model {
  model ??= new Model(defaultModel);
  return model;
}

/** The FtM country codes (lower case, with FtM's extensions such as `ua-cri`, `zz`, `ip`). */
export function ftmCountries(): ReadonlySet<string> {
  return new Set(ftmModel().types.country!.values.keys());
}

/** The FtM topic vocabulary. */
export function ftmTopics(): ReadonlySet<string> {
  return new Set(ftmModel().types.topic!.values.keys());
}
