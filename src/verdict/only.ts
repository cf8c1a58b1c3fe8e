/**
 * `--only`: which domains a report lists. A view over the one report, decided here once for every
 * format: the formats list `results` of the view, while their summaries, the impact sentence, the
 * gate and the exit code keep speaking of the whole run. Pure.
 *
 * A domain is judged under the setting the gate judges it by (its `gateSetting`: with --restrict,
 * domains outside the list get the default), or, without a gate, under the profile's `view` (Salesforce: required). Whether it
 * fails there is the gate's own decision (`evaluateGate`), so `--only failing` lists exactly the
 * domains that fail the gate.
 */
import type { DomainResult, Report } from '../model/report.js';
import { profileNamed } from '../model/profiles/index.js';
import type { SettingName } from '../model/settings.js';
import { evaluateGate } from './gate.js';

/**
 * failing: not delivered under the judged setting (what fails the gate); undetermined: could not
 * be judged there (timeouts, 421, SERVFAIL); at-risk: either.
 */
export const ONLY_FILTERS = ['failing', 'undetermined', 'at-risk'] as const;
export type OnlyFilter = (typeof ONLY_FILTERS)[number];

/** Where one domain stands under the setting it is judged by, as the gate sees it. */
export type Standing = 'failing' | 'undetermined' | 'no-mail' | 'passing';

/** The setting a domain is judged under: its gate setting, else `ungated` (the profile's view: the question the tool asks). */
export function judgedSetting(result: DomainResult, ungated: SettingName): SettingName {
  return result.gateSetting ?? ungated;
}

export function standing(result: DomainResult, ungated: SettingName): Standing {
  // A domain that gets no mail under any setting fails no switch (see evaluateGate): not listed as failing.
  const gate = evaluateGate([result], { setting: judgedSetting(result, ungated), failOnNoMail: false });
  if (gate.failing > 0) return 'failing';
  if (gate.undetermined.count > 0) return 'undetermined';
  return gate.noMail.count > 0 ? 'no-mail' : 'passing';
}

/** Whether `--only <only>` lists this result; everything is listed without a filter. */
export function isListed(result: DomainResult, only: OnlyFilter | null, ungated: SettingName): boolean {
  if (only === null) return true;
  const where = standing(result, ungated);
  return only === 'at-risk' ? where === 'failing' || where === 'undetermined' : where === only;
}

/**
 * What a filtered report says about itself. In `--format json` it is the top-level `listing`
 * field, present only when --only was given: a report without it lists every domain checked.
 */
export interface Listing {
  /** The --only value. */
  only: OnlyFilter;
  /** The setting judged: the gate's (domains outside --restrict: preferred), else required. */
  setting: SettingName;
  /** How many domains the report lists. */
  shown: number;
  /** How many domains the run checked. */
  total: number;
}

export interface ListedResults {
  /** The listed results, in report order. */
  results: DomainResult[];
  listing: Listing;
}

export function listResults(report: Pick<Report, 'results' | 'gate' | 'profile'>, only: OnlyFilter): ListedResults {
  const ungated = profileNamed(report.profile).view;
  const results = report.results.filter((result) => isListed(result, only, ungated));
  return {
    results,
    listing: { only, setting: report.gate?.setting ?? ungated, shown: results.length, total: report.results.length },
  };
}
