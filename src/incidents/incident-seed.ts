import { currentCouncil } from '../council/current-council';
import { Department } from '../departments/department.entity';
import type { SeedStep } from '../seeds/sample-data';
import { User } from '../users/user.entity';
import { Incident } from './incident.entity';

type SeedIncident = Omit<
  Incident,
  'id' | 'councilId' | 'departmentId' | 'createdById' | 'version' | 'createdAt' | 'updatedAt'
> & {
  department: string;
  createdBy: string;
};

/**
 * Two incidents of the sample council (seeds/incidents.json): one that carries the reporting duty,
 * its 速報 made and its 確報 past due; one without the duty, dealt with.
 */
export const incidentsSeed: SeedStep = { ...incidentsFrom('incidents.json'), name: 'incidents' };

/** The incidents of a seed file, for the council the sample data is working in. */
export function incidentsFrom(file: string): SeedStep {
  return {
    name: `incidents:${file}`,
    run: async ({ manager: m, readJson }) => {
      const { incidents } = readJson<{ incidents: SeedIncident[] }>(file);
      const councilId = (await currentCouncil(m)).id;
      for (const { department, createdBy, ...facts } of incidents) {
        const d = await m.findOneOrFail(Department, { where: { code: department } });
        const u = await m.findOne(User, { where: { username: createdBy } });
        await m.save(
          m.create(Incident, { ...facts, councilId, departmentId: d.id, createdById: u?.id ?? null }),
        );
      }
    },
  };
}
