import { MigrationInterface, QueryRunner } from 'typeorm';

type Text = [topic: string, ageBand: string, language: string, title: string, body: string];

/**
 * The explanation texts an officer reads out (LM-16, INF-01): the five topics, for children
 * 6-11, adolescents 12-17 and the carers of children 0-5, in Spanish and English. Plain words,
 * short sentences, no blame; more languages are added through the API.
 */
const TEXTS: Text[] = [
  ['DIF_CHANNELLING', '6-11', 'spa', 'Un lugar seguro para ti',
    'Vas a ir a una casa del DIF. Es un lugar seguro donde cuidan a niñas y niños. Ahí vas a comer, dormir, bañarte y jugar. Las personas de ahí te van a cuidar. Puedes preguntar lo que quieras.'],
  ['DIF_CHANNELLING', '6-11', 'eng', 'A safe place for you',
    'You are going to a DIF house. It is a safe place where children are looked after. There you can eat, sleep, wash and play. The people there will take care of you. You can ask anything you want.'],
  ['DIF_CHANNELLING', '12-17', 'spa', 'Tu estancia en el DIF',
    'El DIF es la institución que protege a niñas, niños y adolescentes en México. Te llevaremos a uno de sus albergues, que no es una cárcel ni una estación migratoria. Ahí tendrás comida, descanso, atención médica y personas que te apoyan mientras se resuelve tu situación.'],
  ['DIF_CHANNELLING', '12-17', 'eng', 'Your stay with DIF',
    'DIF is the institution that protects children and teenagers in Mexico. We will take you to one of its shelters. It is not a prison and not a migration station. You will have food, rest, medical care and people to support you while your situation is worked out.'],
  ['DIF_CHANNELLING', 'CARER_0-5', 'spa', 'Para quien cuida al niño o la niña',
    'Su niña o niño será recibido en un albergue del DIF, un lugar seguro para la infancia. Ahí recibirá alimentación, atención médica y cuidados. Le diremos dónde está y cómo mantenerse en contacto. Puede hacernos todas las preguntas que necesite.'],
  ['DIF_CHANNELLING', 'CARER_0-5', 'eng', 'For the person caring for the child',
    'Your child will be received at a DIF shelter, a safe place for children. There they will get food, medical care and looking after. We will tell you where they are and how to stay in touch. You can ask us any question you need.'],
  ['PROCURADURIA_NOTIFICATION', '6-11', 'spa', 'Personas que cuidan tus derechos',
    'Le avisamos a la Procuraduría de Protección. Ahí trabajan personas cuyo trabajo es cuidar que estés bien y que se respeten tus derechos. Van a hablar contigo y te van a escuchar.'],
  ['PROCURADURIA_NOTIFICATION', '6-11', 'eng', 'People who look after your rights',
    'We told the Child Protection Office (Procuraduría) about you. The people there have the job of making sure you are well and your rights are respected. They will talk with you and listen to you.'],
  ['PROCURADURIA_NOTIFICATION', '12-17', 'spa', 'La Procuraduría de Protección',
    'Avisamos a la Procuraduría de Protección de Niñas, Niños y Adolescentes. Ellos te representan y deciden qué es lo mejor para ti, escuchando tu opinión. Preparan un plan para restituir tus derechos. Puedes contarles lo que te preocupa.'],
  ['PROCURADURIA_NOTIFICATION', '12-17', 'eng', 'The Child Protection Office',
    'We notified the Child Protection Office (Procuraduría). They represent you and decide what is best for you, after listening to your views. They prepare a plan to restore your rights. You can tell them anything that worries you.'],
  ['PROCURADURIA_NOTIFICATION', 'CARER_0-5', 'spa', 'La Procuraduría y su niña o niño',
    'Avisamos a la Procuraduría de Protección. Esta oficina vela por los derechos de su niña o niño y decidirá, con usted, qué es lo mejor para él o ella. Le pedirán información y le escucharán.'],
  ['PROCURADURIA_NOTIFICATION', 'CARER_0-5', 'eng', 'The Child Protection Office and your child',
    'We notified the Child Protection Office (Procuraduría). This office protects your child’s rights and will decide, with you, what is best for them. They will ask you for information and listen to you.'],
  ['MIGRATION_PROCEDURE', '6-11', 'spa', 'Papeles para estar en México',
    'Las autoridades van a revisar tus papeles para ver cómo puedes quedarte en México o qué es lo mejor para ti. Mientras tanto tienes un permiso para estar aquí. No hiciste nada malo. Nadie te va a encerrar.'],
  ['MIGRATION_PROCEDURE', '6-11', 'eng', 'Papers to be in Mexico',
    'The authorities will look at your papers to see how you can stay in Mexico or what is best for you. Meanwhile you have permission to be here. You did nothing wrong. Nobody will lock you up.'],
  ['MIGRATION_PROCEDURE', '12-17', 'spa', 'Tu procedimiento migratorio',
    'Se abrió un procedimiento para decidir tu situación migratoria. Mientras dura, eres Visitante por Razones Humanitarias: puedes estar en México legalmente. Tienes derecho a un intérprete, a un abogado o representante, a ser escuchado y a apelar la decisión. La decisión seguirá el plan de la Procuraduría.'],
  ['MIGRATION_PROCEDURE', '12-17', 'eng', 'Your migration procedure',
    'A procedure has started to decide your migration status. While it lasts, you are a Humanitarian Visitor: you can be in Mexico legally. You have the right to an interpreter, a lawyer or representative, to be heard and to appeal the decision. The decision will follow the Procuraduría’s plan.'],
  ['MIGRATION_PROCEDURE', 'CARER_0-5', 'spa', 'El procedimiento de su niña o niño',
    'Se abrió un procedimiento migratorio para su niña o niño. Mientras dura, tiene la condición de Visitante por Razones Humanitarias. Ningún niño es detenido por su situación migratoria. Usted puede acompañarle y conocer cada paso.'],
  ['MIGRATION_PROCEDURE', 'CARER_0-5', 'eng', 'Your child’s procedure',
    'A migration procedure has started for your child. While it lasts, your child is a Humanitarian Visitor. No child is detained because of their migration status. You can be with them and know every step.'],
  ['RIGHTS', '6-11', 'spa', 'Tus derechos',
    'Tienes derecho a estar seguro, a comer, a descansar, a jugar, a hablar con tu familia gratis y a que te escuchen. Si tienes miedo de regresar a tu país, dilo: te vamos a proteger y nadie te obligará a volver.'],
  ['RIGHTS', '6-11', 'eng', 'Your rights',
    'You have the right to be safe, to eat, to rest, to play, to call your family for free and to be listened to. If you are afraid to go back to your country, say so: we will protect you and nobody will make you go back.'],
  ['RIGHTS', '12-17', 'spa', 'Tus derechos y la protección internacional',
    'Tienes derecho a salud, educación, descanso, a llamar a tu familia gratis, a un intérprete y a que tu opinión cuente. Si corres peligro en tu país, puedes pedir refugio a la COMAR con apoyo de tu representante. Mientras tu solicitud esté en trámite nadie puede regresarte ni avisar a tu consulado.'],
  ['RIGHTS', '12-17', 'eng', 'Your rights and international protection',
    'You have the right to health, education, rest, free calls to your family, an interpreter and to have your views count. If you are in danger in your country, you can ask COMAR for refugee status with your representative’s help. While your claim is open, nobody can send you back or tell your consulate.'],
  ['RIGHTS', 'CARER_0-5', 'spa', 'Los derechos de su niña o niño',
    'Su niña o niño tiene derecho a protección, salud, alimentación y a no ser separado de usted sin una decisión de la Procuraduría. Si su familia corre peligro en su país, pueden pedir refugio; mientras se decide, nadie les regresará.'],
  ['RIGHTS', 'CARER_0-5', 'eng', 'Your child’s rights',
    'Your child has the right to protection, health, food and not to be separated from you without a decision of the Procuraduría. If your family is in danger in your country, you can ask for refugee status; while it is decided, nobody will send you back.'],
  ['RETURN_PROCESS', '6-11', 'spa', 'Si regresas a tu país',
    'Solo regresarías a tu país si es lo mejor para ti y después de escucharte. Una persona que cuida niños viajará contigo todo el camino y te entregará a personas que te cuidarán allá. Puedes decir cómo te sientes.'],
  ['RETURN_PROCESS', '6-11', 'eng', 'If you go back to your country',
    'You would only go back to your country if it is best for you, and after we listen to you. A person who looks after children will travel with you all the way and hand you to people who will care for you there. You can say how you feel.'],
  ['RETURN_PROCESS', '12-17', 'spa', 'El retorno asistido',
    'El retorno asistido solo ocurre si el plan de la Procuraduría lo recomienda por tu interés superior y no hay riesgo para ti. Antes se localiza y verifica a tu familia, y una autoridad de protección de tu país te recibe. Viajarás con personal especializado. Tu opinión se registra y cuenta.'],
  ['RETURN_PROCESS', '12-17', 'eng', 'Assisted return',
    'Assisted return only happens if the Procuraduría’s plan recommends it in your best interests and there is no risk to you. Before that, your family is found and checked, and a child-protection authority of your country receives you. You travel with specialised staff. Your views are recorded and count.'],
  ['RETURN_PROCESS', 'CARER_0-5', 'spa', 'El regreso de su niña o niño',
    'Un regreso al país de origen solo se decide si es lo mejor para su niña o niño, y nunca si su familia corre peligro. Viajarán con personal especializado y serán recibidos por la autoridad de protección de la infancia. Usted será informado de cada paso.'],
  ['RETURN_PROCESS', 'CARER_0-5', 'eng', 'Your child’s return',
    'A return to the country of origin is decided only if it is best for your child, and never if your family is in danger. You will travel with specialised staff and be received by the child-protection authority. You will be told about every step.'],
];

export class ExplanationTexts1764490000001 implements MigrationInterface {
  public readonly name = 'ExplanationTexts1764490000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO explanation_text (topic, age_band, language, title, body, updated_by, updated_at)
       SELECT t.topic, t.age_band, t.language, t.title, t.body, 'seed', now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(topic, age_band, language, title, body)`,
      [0, 1, 2, 3, 4].map((column) => TEXTS.map((text) => text[column])),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM explanation_text WHERE updated_by = 'seed'`);
  }
}
