import { createFileRoute } from '@tanstack/react-router';
import { RuleEditorPage } from '../features/admin/automation/RuleEditor';

/** The rule builder: "new" for a new rule. */
export const Route = createFileRoute('/admin/automation/$ruleId')({
  component: function RuleRoute() {
    const { ruleId } = Route.useParams();
    return <RuleEditorPage ruleId={ruleId} />;
  },
});
