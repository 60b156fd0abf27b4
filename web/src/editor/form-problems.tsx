import { createContext, useCallback, useContext, useEffect, useId, useState } from 'react';

/**
 * Problems a form field holds back from the draft (text that does not parse yet): the draft keeps
 * the last good value, so the schema check cannot see them. Fields report here and the editor page
 * counts them in its validity line and refuses to save while any is open.
 */
type Report = (field: string, problem: string | undefined) => void;

export const FormProblemsContext = createContext<Report>(() => undefined);

/** Reports this field's problem (undefined: none) for as long as the field is shown. */
export function useFormProblem(problem: string | undefined): void {
  const report = useContext(FormProblemsContext);
  const field = useId();
  useEffect(() => {
    report(field, problem);
  }, [report, field, problem]);
  useEffect(() => () => report(field, undefined), [report, field]);
}

/** The editor page's side: the open problems by field, and the report function to provide. */
export function useFormProblems(): [ReadonlyMap<string, string>, Report] {
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const report = useCallback<Report>((field, problem) => {
    setProblems((previous) => {
      if (previous.get(field) === problem) return previous;
      const next = new Map(previous);
      if (problem === undefined) next.delete(field);
      else next.set(field, problem);
      return next;
    });
  }, []);
  return [problems, report];
}
