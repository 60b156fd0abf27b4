import type { DraftIssue } from './draft-issues.ts';

/** An issue's path and message, with a link to each endpoint it conflicts with. */
export function IssueText({ issue }: { issue: DraftIssue }) {
  return (
    <>
      {issue.path && <code>{issue.path}</code>} {issue.message}
      {issue.conflictsWith.map((id) => (
        <span key={id}>
          {' '}
          — <a href={`#/endpoints/${encodeURIComponent(id)}/edit`}>open {id}</a>
        </span>
      ))}
    </>
  );
}

export function IssueLine({ issue, showPath }: { issue: DraftIssue; showPath: boolean }) {
  return (
    <p className="issue" role="alert" data-source={issue.source ?? 'server'}>
      <IssueText issue={showPath ? issue : { ...issue, path: '' }} />
    </p>
  );
}
