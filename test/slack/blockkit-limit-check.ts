// Test helper: every Slack Block Kit limit the converter promises, checked on a whole message.
import { SLACK_LIMITS, type BlockKitMessage, type ButtonElement } from '../../src/chat/slack/blockkit.js';

function buttonViolations(button: ButtonElement, where: string): string[] {
  const problems: string[] = [];
  if (button.text.text.length === 0 || button.text.text.length > SLACK_LIMITS.buttonText)
    problems.push(`${where}: button text length`);
  if (button.action_id.length === 0 || button.action_id.length > SLACK_LIMITS.actionId)
    problems.push(`${where}: action_id length`);
  if (
    button.value !== undefined &&
    (button.value.length === 0 || button.value.length > SLACK_LIMITS.buttonValue)
  )
    problems.push(`${where}: value length`);
  if (button.url !== undefined && button.url.length > SLACK_LIMITS.buttonUrl)
    problems.push(`${where}: url length`);
  if ((button.value === undefined) === (button.url === undefined))
    problems.push(`${where}: needs exactly one of value and url`);
  return problems;
}

export function slackLimitViolations(message: BlockKitMessage): string[] {
  const problems: string[] = [];
  if (message.blocks.length > SLACK_LIMITS.blocksPerMessage)
    problems.push(`too many blocks: ${message.blocks.length}`);
  if (message.text.length === 0 || message.text.length > SLACK_LIMITS.messageText)
    problems.push('fallback text length');
  message.blocks.forEach((block, index) => {
    const where = `block ${index} (${block.type})`;
    switch (block.type) {
      case 'header':
        if (block.text.text.length === 0 || block.text.text.length > SLACK_LIMITS.headerText)
          problems.push(`${where}: header length`);
        break;
      case 'section':
        if (!block.text && !block.fields) problems.push(`${where}: empty section`);
        if (block.text && (block.text.text.length === 0 || block.text.text.length > SLACK_LIMITS.sectionText))
          problems.push(`${where}: text length`);
        if (
          block.fields &&
          (block.fields.length === 0 || block.fields.length > SLACK_LIMITS.fieldsPerSection)
        )
          problems.push(`${where}: field count`);
        for (const field of block.fields ?? []) {
          if (field.text.length === 0 || field.text.length > SLACK_LIMITS.fieldText)
            problems.push(`${where}: field length`);
        }
        if (block.accessory) problems.push(...buttonViolations(block.accessory, where));
        break;
      case 'actions': {
        if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.elementsPerActions)
          problems.push(`${where}: element count`);
        const ids = block.elements.map((button) => button.action_id);
        if (new Set(ids).size !== ids.length) problems.push(`${where}: repeated action_id`);
        block.elements.forEach((button) => problems.push(...buttonViolations(button, where)));
        break;
      }
      case 'context':
        if (block.elements.length === 0 || block.elements.length > 10)
          problems.push(`${where}: element count`);
        break;
      case 'image':
        if (!block.alt_text || block.alt_text.length > SLACK_LIMITS.imageAltText)
          problems.push(`${where}: alt text`);
        if (block.image_url.length > SLACK_LIMITS.imageUrl) problems.push(`${where}: image url length`);
        break;
    }
  });
  return problems;
}
