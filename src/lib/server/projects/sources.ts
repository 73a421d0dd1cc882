import type { Db } from '../db/client';
import { decisionEvidence } from './decisions';
import { equalityEvidence } from './equality';
import { gatherEvidence, type EvidenceSource } from './evidence';
import { youSaidEvidence } from './you-said';
import { surveyEvidence } from '../surveys/evidence';
import { shoppingEvidence } from '../mystery-shopping/evidence';
import { monitoringEvidence } from '../monitoring/evidence';
import { sessionEvidence } from '../workshops/evidence';

/** Every module's evidence source; add one line per module (see evidence.ts). */
export const EVIDENCE_SOURCES: readonly EvidenceSource[] = [youSaidEvidence, decisionEvidence, equalityEvidence, surveyEvidence, monitoringEvidence, shoppingEvidence, sessionEvidence];

export function listProjectEvidence(db: Db, projectId: string) {
	return gatherEvidence(db, projectId, EVIDENCE_SOURCES);
}
