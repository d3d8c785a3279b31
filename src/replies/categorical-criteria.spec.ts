import { toAnswerConditions } from './categorical-criteria';

const catalog = [
  {
    code: 'odawara-10',
    ordinance: '小田原市個人情報保護条例',
    article: '第10条',
    shortName: 'オンライン結合',
    appliesWhen: { externalConnection: true },
  },
];

describe('categorical consultation criteria → rule-engine conditions', () => {
  it('translates the recorded criteria of the Odawara LGWAN category', () => {
    expect(
      toAnswerConditions(
        {
          legalBases: ['第10条（オンライン結合）'],
          connectionForms: ['LGWAN'],
          vendorKinds: [],
          dataItemKinds: [],
        },
        catalog,
      ),
    ).toEqual({ ordinance: '小田原市個人情報保護条例', externalConnection: true, connectionForm: ['lgwan'] });
  });

  it('maps data item kinds and ignores what it cannot recognise', () => {
    expect(
      toAnswerConditions(
        {
          legalBases: ['第99条'],
          connectionForms: ['伝書鳩'],
          vendorKinds: [],
          dataItemKinds: ['要配慮個人情報', 'マイナンバー'],
        },
        catalog,
      ),
    ).toEqual({ sensitiveData: true, myNumber: true });
  });
});
