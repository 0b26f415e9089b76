// One machine as a chat card, with its "Request isolation…" form (type and reason) built in.
import type { AdaptiveCardJson } from '../../core/interaction.js';
import { renderCard } from '../render.js';
import type { MachineCardData, MachineIsolateFormData } from '../types.js';
import { withForms } from './forms.js';

/** The form behind "Request isolation…"; without a name (a Slack click knows only the id) it shows the id alone. */
export function isolateForm(machine: MachineIsolateFormData): AdaptiveCardJson {
  return renderCard('machine-isolate', machine);
}

export function machineCard(data: MachineCardData): AdaptiveCardJson {
  return withForms(renderCard('machine', data), {
    'machine-isolate': isolateForm({ id: data.id, name: data.name }),
  });
}
