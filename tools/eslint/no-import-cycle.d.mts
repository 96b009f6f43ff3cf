import type { ESLint, Rule } from 'eslint';

/** Types for the plain-JS rule (ESLint loads the .mjs without a build step). */
export declare const noImportCycle: Rule.RuleModule;
declare const plugin: ESLint.Plugin & { rules: { 'no-import-cycle': Rule.RuleModule } };
export default plugin;
