// validate's outcome, as text (every diagnostic at file:line:col and a count) or JSON (the list).
import { countLine, formatDiagnostic } from '../manifest/format-diagnostics.js';
import { annotationLines } from '../github/annotations.js';
import type { ValidateOutcome } from '../usecases/validate.js';
import { printed, type Printed, type ViewContext } from './output.js';

export type ValidateFormat = 'text' | 'json';

const annotations = (o: ValidateOutcome, ctx: ViewContext) => (ctx.actions ? annotationLines(o.diagnostics) : []);

export const validateViews: Record<ValidateFormat, (outcome: ValidateOutcome, ctx: ViewContext) => Printed> = {
  text: (o, ctx) => printed({
    stdout: `${o.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('')}${countLine(o.diagnostics, o.fileCount)}\n`,
    commands: annotations(o, ctx),
  }),
  json: (o, ctx) => printed({ stdout: `${JSON.stringify(o.diagnostics, null, 2)}\n`, commands: annotations(o, ctx) }),
};
