import { AppError, CommonErrors } from '../common/errors/app-error';

export const IncidentErrors = {
  notFound: () => new AppError('INCIDENT_NOT_FOUND', 404, '指定された個人情報事故等は見つかりません。'),
  /** A rule between fields (dates in order, 確報 after 速報): a field error like the DTO's own. */
  field: (field: string, message: string) => CommonErrors.validation([{ field, messages: [message] }]),
  departmentRequired: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['担当課を選んでください'] }]),
  otherDepartment: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['自課の事故等だけを登録できます'] }]),
  unknownDepartment: () =>
    CommonErrors.validation([{ field: 'departmentId', messages: ['担当課が見つかりません'] }]),
};
