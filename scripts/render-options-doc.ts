/**
 * docs/options.md from the TSDoc of the settings interfaces, so the options page says what the code
 * says: `node --import tsx scripts/render-options-doc.ts` writes it, `--check` fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}docs/options.md`;

const SOURCES = [
  {
    file: 'src/ws-openai-settings.ts',
    name: 'WsOpenAIProviderSettings',
    title: '`createWsOpenAI(settings)`',
  },
  {
    file: 'src/create-azure-ws-openai.ts',
    name: 'AzureWsOpenAIProviderSettings',
    title: '`createAzureWsOpenAI(settings)` (every option of `createWsOpenAI` but those it replaces)',
  },
] as const;

interface OptionDoc {
  readonly name: string;
  readonly type: string;
  readonly text: string;
  readonly defaultValue: string;
}

function optionsOf(file: string, interfaceName: string): OptionDoc[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(`${root}${file}`, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === interfaceName,
  );
  if (declaration === undefined) throw new Error(`${interfaceName} not found in ${file}`);
  return declaration.members.filter(ts.isPropertySignature).map((member) => {
    const jsDoc = (member as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc?.at(-1);
    const text = ts.getTextOfJSDocComment(jsDoc?.comment) ?? '';
    const defaultTag = jsDoc?.tags?.find((tag) => tag.tagName.text === 'default');
    return {
      name: member.name.getText(source),
      type: member.type?.getText(source).replace(/\s+/g, ' ') ?? 'unknown',
      text: text.replace(/\s+/g, ' ').trim(),
      defaultValue: (ts.getTextOfJSDocComment(defaultTag?.comment) ?? '').replace(/\s+/g, ' ').trim(),
    };
  });
}

/** A default as code, unless it is words that quote their code themselves. */
function codeSpan(value: string): string {
  return value.includes('`') ? value : `\`${value}\``;
}

export function renderOptionsDoc(): string {
  const lines = [
    '# Options',
    '',
    '<!-- Generated from the TSDoc in src/ by scripts/render-options-doc.ts; edit the TSDoc, not this file. -->',
    '',
  ];
  for (const { file, name, title } of SOURCES) {
    lines.push(`## ${title}`, '', `From \`${name}\` in \`${file}\`.`, '');
    for (const option of optionsOf(file, name)) {
      lines.push(`### \`${option.name}\``, '');
      const defaultValue = option.defaultValue && ` — default: ${codeSpan(option.defaultValue)}`;
      lines.push(`\`${option.type}\`${defaultValue}`, '');
      if (option.text) lines.push(option.text, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rendered = renderOptionsDoc();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== rendered) {
      console.error('docs/options.md is stale: run npm run docs:options');
      process.exit(1);
    }
  } else {
    writeFileSync(target, rendered);
  }
}
