import { CommonErrors, notFoundError } from '../common/errors/app-error';

export const IncidentErrors = {
  notFound: () => notFoundError('INCIDENT_NOT_FOUND', '個人情報事故等'),
  /** A rule between fields (dates in order, 確報 after 速報): a field error like the DTO's own. */
  field: (field: string, message: string) => CommonErrors.validation([{ field, messages: [message] }]),
  departmentRequired: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['担当課を選んでください'] }]),
  otherDepartment: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['自課の事故等だけを登録できます'] }]),
  unknownDepartment: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['担当課が見つかりません'] }]),
};
