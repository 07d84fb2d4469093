import { mulberry32 } from '../synthetic-corpus.js';
import { hash32, pick, pickWeighted, zipfRank } from './zipf.js';

/**
 * Author names as arXiv cs papers show them: many Chinese and Indian names, accents kept
 * ("Jürgen Schmidhuber", "Zoë Ó Briain", "Łukasz Kaiser"), the odd middle initial.
 * Author #r has one fixed name and a Zipf-Mandelbrot popularity, so a few authors have
 * hundreds of papers in a million and most have one; common names ("Wei Wang") collide
 * across authors as they do in real life.
 */
interface NameGroup {
  readonly weight: number;
  readonly given: readonly string[];
  readonly family: readonly string[];
  /** Given names built from two syllables: "Xiaoyu", "Seo-yeon" or "Tuấn Anh", by `joined`. */
  readonly syllables?: readonly string[];
  readonly joined?: 'closed' | 'hyphen' | 'space';
  /** Surnames built from two parts ("Ash" + "worth", "Rosen" + "berg"), half the time. */
  readonly familyParts?: readonly [readonly string[], readonly string[]];
  /** Share of names with a middle initial ("Katherine J. Smith"). */
  readonly middleInitials?: number;
  /** Share of names with two surnames ("Lucía García López"). */
  readonly doubleFamily?: number;
  /** How many surnames share the common top (Zipf-Mandelbrot offset); half the list unless set. */
  readonly familyTop?: number;
}

const list = (names: string): string[] => names.split('|');

const GROUPS: readonly NameGroup[] = [
  {
    weight: 30,
    // Wang, Li and Zhang are about 7% of Chinese names each.
    familyTop: 12,
    given: list('Wei|Jie|Lei|Yang|Jun|Bo|Hao|Yu|Chen|Jing|Fang|Tao|Yi|Xin|Kai|Lin|Rui|Peng|Hui|Ming'),
    syllables: list('Xiao|Zhi|Jia|Yu|Hao|Zi|Yi|Xin|Jun|Wen|Ming|Hong|Qi|Chen|Jing|Tian|Rui|Shu|Han|Yun|Kai|Ze|Li|Ning|Xuan|Hui|Lan|Tong|Sheng|Yan|Fei|Ran|Jin|Long|Meng|Qian|Wei|Xu|Yao|Zhen'),
    family: list(
      'Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Lin|Gao|Luo|Zheng|Liang|Xie|Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Pan|Yuan|Cai|Jiang|Yu|Du|Ye|Cheng|Wei|Su|Lü|Ding|Ren|Shen|Yao|Lu|Jiang|Cui|Zhong|Tan|Fan|Wan|Shi|Qian|Qiu|Hou',
    ),
  },
  {
    weight: 14,
    middleInitials: 0.3,
    familyParts: [
      list('Ash|Black|Brad|Brook|Cald|Craw|Dun|Fair|Gold|Green|Hal|Hart|Hay|Kings|Lang|Mar|Mor|Nor|Pem|Red|Rock|Ros|Rut|Sher|Stan|Thorn|Wal|Wes|Whit|Wood'),
      list('well|wood|ford|ley|ton|worth|by|field|man|son|ham|more|den|wick|land|brook|ridge|er|ing|stone'),
    ],
    given: list(
      'James|John|Michael|David|Robert|Daniel|Matthew|Andrew|Christopher|Joshua|Ryan|Benjamin|Samuel|Emily|Sarah|Jessica|Emma|Olivia|Rachel|Laura|Katherine|Hannah|Alexander|Nicholas|Jacob|Tyler|Kevin|Brian|Jennifer|Megan|Noah|Ethan|Grace|Chloe|Zoë|Abigail|Nathan|Adam|Peter|Thomas',
    ),
    family: list(
      'Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|Martin|Jackson|White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Hill|Green|Adams|Baker|Nelson|Carter|Mitchell|Roberts|Turner|Phillips|Campbell|Parker|Evans|Edwards|Collins|Finn|Levine|Abbeel|Goodfellow|Bengio|Hinton',
    ),
  },
  {
    middleInitials: 0.15,
    weight: 10,
    familyParts: [
      list('Venkat|Krishna|Subra|Rama|Sriniva|Bala|Gopala|Nara|Shiva|Ragha|Chandra|Vijaya|Sundar|Anantha|Hari'),
      list('n|murthy|swamy|krishnan|raman|chari|iah|subramanian|nathan|rao|mani|sekar'),
    ],
    given: list(
      'Arjun|Rohan|Aditya|Rahul|Vikram|Siddharth|Karthik|Ankit|Abhishek|Pranav|Varun|Nikhil|Priya|Ananya|Divya|Kavya|Shreya|Sneha|Pooja|Neha|Aishwarya|Lakshmi|Harsha|Sanjay|Deepak|Aravind|Srinivas|Manish|Gaurav|Tanmay',
    ),
    family: list(
      'Sharma|Gupta|Patel|Singh|Kumar|Reddy|Iyer|Rao|Nair|Joshi|Mehta|Agarwal|Banerjee|Chatterjee|Mukherjee|Das|Bose|Verma|Mishra|Pandey|Krishnan|Subramanian|Venkatesh|Menon|Pillai|Desai|Kulkarni|Bhattacharya|Saxena|Chaudhary',
    ),
  },
  {
    weight: 5,
    joined: 'hyphen',
    given: list('Minjun|Jiwoo|Seojun|Hyunwoo|Jaehyun|Sungmin|Donghyun|Yejin|Soyeon|Jiyoung|Eunji|Hyejin'),
    syllables: list('Min|Ji|Seo|Hyun|Jae|Sung|Dong|Ye|So|Eun|Hye|Jun|Woo|Young|Jin|Ho|Yeon|Hoon|Seok|Kyung'),
    family: list('Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|Yoo|Hong'),
  },
  {
    weight: 4,
    familyParts: [
      list('Yama|Naka|Taka|Ki|Matsu|Ishi|Kawa|Fuji|Mori|Hayashi|Ike|Hashi|Saka|Kita|Nishi|Oka|Shima|Hira|Uchi|Kane|Sugi|Ono|Aoki|Miya'),
      list('moto|mura|hashi|da|kawa|shita|uchi|no|saki|hara|yama|ta|zawa|gawa|oka|mori|shima|ki|no|be'),
    ],
    given: list("Takeshi|Yuki|Haruto|Kenji|Hiroshi|Daisuke|Shota|Ryo|Yuto|Sota|Akira|Naoki|Yusuke|Kazuki|Sakura|Yui|Aoi|Haruka|Mai|Rin|Kōhei|Shūhei|Yōsuke|Jun'ichi"),
    family: list('Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Matsumoto|Inoue|Kimura|Hayashi|Shimizu|Saitō|Ōno|Kōno|Mori|Ikeda|Hashimoto'),
  },
  {
    weight: 6,
    middleInitials: 0.1,
    familyParts: [
      list('Wein|Schön|Rosen|Kling|Eich|Stein|Berg|Lind|Hof|Wald|Feld|Groß|Klein|Neu|Alt|Bach|Brand|Eisen|Gold|Licht|Sonnen|Birk|Dorn|Falk|Kirch'),
      list('berg|mann|feld|hofer|bauer|meier|stein|wald|ner|hardt|müller|huber|thal|busch|höfer|bach|er|inger'),
    ],
    given: list('Jürgen|Lukas|Felix|Maximilian|Tobias|Jonas|Sebastian|Matthias|Stefan|Florian|Björn|Sören|Moritz|Lena|Anna|Katharina|Julia|Sophie|Marie|Johanna|Jörg|Dominik|Niklas|Bernhard|Ulrike'),
    family: list(
      'Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Krüger|Hofmann|Hartmann|Lange|Köhler|Schmidhuber|Groß|Günther|Vogt|Weiß',
    ),
  },
  {
    middleInitials: 0.1,
    weight: 4,
    familyParts: [list('Beau|Dela|Du|Le|La|Mont|Ville|Bon|Ro|Belle|Cham|Fon|Mar'), list('mont|ville|croix|fort|champ|lieu|pré|bois|rue|chêne|court|val|noir|blanc')],
    given: list('François|Élodie|Antoine|Julien|Mathieu|Guillaume|Nicolas|Pierre|Camille|Léa|Chloé|Hélène|Céline|Amélie|Théo|Clément|Benoît|Gaël|Maëlle|Loïc|Yann|Aurélien'),
    family: list(
      'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèvre|Michel|Garcia|Fournier|Girard|Bonnet|Dupont|Lambert|Fontaine|Rousseau|Vincent|Mérel|Lacoste-Julien|Févotte',
    ),
  },
  {
    weight: 6,
    doubleFamily: 0.4,
    given: list('José|María|Sofía|Alejandro|Javier|Diego|Lucía|Mateo|Valentina|Andrés|Camila|Joaquín|Martín|Sebastián|Íñigo|Ramón|João|Inês|Gonçalo|Mariana|Thiago|Letícia|Raúl|Ángela'),
    family: list(
      'García|Rodríguez|Martínez|López|González|Hernández|Pérez|Sánchez|Ramírez|Torres|Flores|Rivera|Gómez|Díaz|Muñoz|Álvarez|Romero|Ruiz|Silva|Santos|Oliveira|Souza|Pereira|Costa|Ferreira|Gonçalves|Peña|Ibáñez',
    ),
  },
  {
    middleInitials: 0.05,
    weight: 3,
    familyParts: [list('Ross|Bianc|Ferr|Espos|Ricc|Marin|Gall|Cont|Manc|Giord|Lomb|Morett|Barb|Fontan|Sant|Vit|Colomb|Pell|Bass|Caval'), list('i|ini|etti|ello|ucci|ari|one|ano|esi|otti|elli|aro')],
    given: list('Giulia|Francesco|Alessandro|Lorenzo|Matteo|Chiara|Federica|Riccardo|Davide|Niccolò|Elisa|Andrea|Marco|Simone|Sara'),
    family: list('Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Lombardi|Moretti|Barbieri'),
  },
  {
    middleInitials: 0.1,
    weight: 3,
    familyParts: [list('Bel|Vor|Gor|Kras|Nov|Sokol|Zhur|Kozl|Orl|Lebed|Med|Pav|Fed|Grig|Rom|Zaits|Bog|Dan|Kisel|Tikhon|Baran|Golub|Kuz|Mart'), list('ov|ev|in|sky|enko|ovich|nikov|kin|chuk|ets')],
    given: list('Dmitry|Alexey|Sergey|Ivan|Mikhail|Andrey|Nikita|Ekaterina|Anastasia|Olga|Tatiana|Irina|Artem|Pavel|Yulia'),
    family: list('Ivanov|Smirnov|Kuznetsov|Popov|Vasiliev|Petrov|Sokolov|Mikhailov|Novikov|Fedorov|Morozov|Volkov|Lebedev|Kozlov|Orlov'),
  },
  {
    weight: 2,
    familyParts: [list('Kowal|Nowa|Wiśniew|Lewandow|Zieliń|Szyman|Dąbrow|Kozłow|Jankow|Wojciechow|Kwiatkow|Kaczmar|Grabow|Pawłow'), list('ski|ska|czyk|ek|ak|ewicz|owski')],
    given: list('Łukasz|Wojciech|Małgorzata|Agnieszka|Piotr|Krzysztof|Michał|Paweł|Katarzyna|Tomasz|Jakub|Zofia'),
    family: list('Kowalski|Nowak|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński|Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski'),
  },
  {
    weight: 1,
    given: list('Tomáš|Jiří|Petr|Zdeněk|Ondřej|Kateřina|Lucie|Jakub|Martin|Tereza|Oleksandr|Andrii|Bohdan|Olena'),
    family: list('Dvořák|Novák|Černý|Procházka|Kučera|Svoboda|Novotný|Veselý|Shevchenko|Bondarenko|Kovalenko|Tkachenko'),
  },
  {
    weight: 4,
    familyParts: [list('Ahmad|Hossein|Rez|Karim|Mohammad|Jafar|Rahim|Hashem|Sadegh|Morad|Kazem|Tehran|Shir|Nour|Haj'), list('i|zadeh|pour|ian|nejad|far|vand|ani')],
    given: list('Mohammad|Ali|Reza|Hossein|Amir|Fatemeh|Zahra|Maryam|Sara|Hamed|Mehdi|Omar|Ahmed|Youssef|Khaled|Layla|Nour|Rania|Tariq|Hana'),
    family: list('Hosseini|Ahmadi|Mohammadi|Rezaei|Karimi|Moradi|Jafari|Rahimi|Hashemi|Sadeghi|Al-Rashid|Haddad|Mansour|Khalil|Nasser|El-Sayed|Abdullah|Saleh'),
  },
  {
    weight: 2,
    familyParts: [list('Yıl|Kara|Ak|Demir|Öz|Kal|Tok|Er|Gül|Bal|Çak|Kurt|Tun|Sarı'), list('maz|kaya|soy|türk|dağ|can|oğlu|er|han|taş|ay')],
    given: list('Ayşe|Çağlar|Gülşen|Emre|Mehmet|Zeynep|Barış|Özgür|Yiğit|Elif|Burak|Cem|Deniz'),
    family: list('Yılmaz|Kaya|Demir|Şahin|Çelik|Öztürk|Aydın|Güneş|Erdoğan|Arslan|Doğan|Koç'),
  },
  {
    weight: 2,
    // Vietnamese names are few and shared; a two-part given name ("Tuấn Anh") spreads them a little.
    joined: 'space',
    syllables: list('Minh|Tuấn|Hùng|Quang|Dũng|Thảo|Linh|Hương|Phương|Đức|Khánh|Trung|Ngọc|Bảo|Anh|Thị|Văn|Hoài|Thanh'),
    given: list('Minh|Tuấn|Hùng|Quang|Dũng|Thảo|Linh|Hương|Phương|Đức|Khánh|Trung|Ngọc|Bảo|Anh'),
    family: list('Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương'),
  },
  {
    weight: 1,
    given: list('Siobhán|Seán|Aoife|Niamh|Ciarán|Oisín|Zoë|Eoin|Róisín|Pádraig|Sinéad|Cormac'),
    family: list("Ó Briain|O'Sullivan|Murphy|Kelly|Ní Bhriain|Mac Namara|Walsh|Byrne|Ó Súilleabháin|Ryan|O'Brien|Doyle"),
  },
  {
    weight: 2,
    familyParts: [list('Lind|Berg|Ek|Sand|Holm|Sjö|Ny|Dahl|Strand|Ström|Lund|Hag|Ver'), list('berg|gren|ström|qvist|lund|holm|dahl|man|sson|bosch|meer|hoeven|beek')],
    given: list('Lars|Søren|Ingrid|Astrid|Henrik|Magnus|Sigrid|Åsa|Jens|Mikkel|Freja|Oskar|Pieter|Joost|Sanne|Maarten|Bram|Femke'),
    family: list('Andersen|Nielsen|Jensen|Hansen|Johansson|Lindqvist|Østergaard|Sørensen|Ångström|Bakker|de Vries|van der Berg|Jansen|Visser|van Dijk|Smit'),
  },
  {
    weight: 1,
    given: list('Dimitrios|Eleni|Georgios|Yannis|Maria|Konstantinos|Nikolaos|Sofia|Christos|Ioanna|Panagiotis|Athanasios'),
    family: list('Papadopoulos|Georgiou|Konstantinidis|Nikolaou|Papadakis|Vlachos|Oikonomou|Karagiannis|Makris|Pappas|Dimitriou|Alexiou'),
  },
  {
    weight: 1,
    given: list('Noa|Yael|Itai|Tamar|Omer|Shira|Eitan|Noam|Avital|Yonatan|Maya|Amit'),
    family: list('Cohen|Levi|Mizrahi|Friedman|Peretz|Biton|Katz|Shapiro|Goldberg|Avraham|Dahan|Segal'),
  },
  {
    weight: 1,
    given: list('Chinedu|Adaeze|Oluwaseun|Kwame|Thandiwe|Amara|Tendai|Ngozi|Kofi|Abena|Tunde|Zanele|Emeka|Wanjiru'),
    family: list('Okafor|Adeyemi|Mensah|Nkosi|Okonkwo|Abebe|Mwangi|Osei|Eze|Balogun|Dlamini|Kamau|Owusu|Achieng'),
  },
];
const GROUP_WEIGHTS = GROUPS.map((g) => g.weight);
const INITIALS = 'ABCDEFGHJKLMNPRSTW';

function givenName(group: NameGroup, rng: () => number): string {
  if (!group.syllables || rng() < 0.15) return pick(group.given, rng);
  const first = pick(group.syllables, rng);
  const second = pick(group.syllables, rng);
  if (group.joined === 'space') return `${first} ${second}`;
  return group.joined === 'hyphen' && rng() < 0.5 ? `${first}-${second.toLowerCase()}` : first + second.toLowerCase();
}

/** Surnames are Zipf-like within a group too: Wang and Li are far commoner than Qiu. */
function familyName(group: NameGroup, rng: () => number): string {
  if (group.familyParts && rng() < 0.5) return pick(group.familyParts[0], rng) + pick(group.familyParts[1], rng);
  return group.family[zipfRank(rng, group.familyTop ?? group.family.length / 2, 1) % group.family.length]!;
}

export interface AuthorPoolOptions {
  readonly q?: number;
  readonly alpha?: number;
}

const CACHED_RANKS = 50_000;

export class AuthorPool {
  readonly #seed: number;
  readonly #q: number;
  readonly #alpha: number;
  readonly #cache = new Map<number, string>();

  constructor(seed: number, options: AuthorPoolOptions = {}) {
    this.#seed = seed;
    this.#q = options.q ?? 8000;
    this.#alpha = options.alpha ?? 0.7;
  }

  /** `count` different author names, by popularity. */
  draw(count: number, rng: () => number): string[] {
    const names = new Set<string>();
    for (let tries = 0; names.size < count && tries < count * 4; tries += 1) names.add(this.nameAt(zipfRank(rng, this.#q, this.#alpha)));
    return [...names];
  }

  nameAt(rank: number): string {
    const cached = this.#cache.get(rank);
    if (cached !== undefined) return cached;
    const rng = mulberry32(hash32(this.#seed, 0xa07, rank));
    const group = pickWeighted(GROUPS, GROUP_WEIGHTS, rng);
    const middle = rng() < (group.middleInitials ?? 0) ? ` ${pick([...INITIALS], rng)}.` : '';
    const family = familyName(group, rng) + (rng() < (group.doubleFamily ?? 0) ? ` ${familyName(group, rng)}` : '');
    const name = `${givenName(group, rng)}${middle} ${family}`;
    if (rank < CACHED_RANKS) this.#cache.set(rank, name);
    return name;
  }
}
