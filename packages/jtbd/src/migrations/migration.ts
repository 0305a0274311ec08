/**
 * One numbered step of the package's schema. Statements are run one by one
 * (drivers that use the extended protocol refuse several in one string), in
 * one transaction with the rest of the steps being applied.
 * `:JTBD_SCHEMA` stands for the quoted schema name.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** An engine older than this step cannot work on the schema once it is applied. */
  readonly breaking?: boolean;
  readonly statements: readonly string[];
}
